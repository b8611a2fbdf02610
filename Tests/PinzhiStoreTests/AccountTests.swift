import PinzhiDomain
import SQLKit
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("账号、会话与令牌")
struct AccountTests {
    func makeAdmin(_ db: PinzhiDatabase) async throws -> Account {
        let city = try await OrganisationRepository(db).find(code: "SH-CITY")!
        return try await AccountRepository(db, hasher: TestDatabase.hasher).create(
            Account(username: "boss", displayName: "管理员", role: .cityAdmin, organisationId: city.id),
            password: "Secret2026x", actor: .system(), by: nil)
    }

    @Test func loginSucceedsAndWrongPasswordFails() async throws {
        try await TestDatabase.with { db in
            _ = try await makeAdmin(db)
            let accounts = AccountRepository(db, hasher: TestDatabase.hasher)
            let ok = try await accounts.authenticate(username: "boss", password: "Secret2026x", address: "1.2.3.4")
            #expect((try? ok.get())?.organisationName.contains("市场监督管理局") == true)
            #expect(try await accounts.authenticate(username: "boss", password: "wrong", address: "1.2.3.4") == .failure(.wrongCredentials))
            #expect(try await accounts.authenticate(username: "nobody", password: "x", address: "1.2.3.4") == .failure(.wrongCredentials))
        }
    }

    @Test func loginIsThrottledAfterRepeatedFailures() async throws {
        try await TestDatabase.with { db in
            _ = try await makeAdmin(db)
            let accounts = AccountRepository(db, hasher: TestDatabase.hasher)
            for _ in 0..<AccountRepository.maxFailuresPerAccount {
                _ = try await accounts.authenticate(username: "boss", password: "wrong", address: "5.6.7.8")
            }
            let blocked = try await accounts.authenticate(username: "boss", password: "Secret2026x", address: "9.9.9.9")
            #expect(blocked == .failure(.throttled(minutes: AccountRepository.throttleWindowMinutes)), "even the right password waits")
        }
    }

    @Test func passwordRulesAndBindingAreChecked() async throws {
        try await TestDatabase.with { db in
            let accounts = AccountRepository(db, hasher: TestDatabase.hasher)
            await #expect(throws: StoreError.self) {
                _ = try await accounts.create(Account(username: "weak", displayName: "弱", role: .cityAdmin, organisationId: 1),
                                              password: "123", actor: .system(), by: nil)
            }
            let district = TestDatabase.district("310114")
            await #expect(throws: StoreError.forbidden) {
                _ = try await accounts.create(Account(username: "xx1", displayName: "x", role: .cityAdmin, organisationId: 1),
                                              password: "Secret2026x", actor: AuditActor(district), by: district)
            }
        }
    }

    @Test func disablingEndsSessionsAndTokens() async throws {
        try await TestDatabase.with { db in
            let admin = try await makeAdmin(db)
            let accounts = AccountRepository(db, hasher: TestDatabase.hasher)
            let city = try await OrganisationRepository(db).find(code: "SH-CITY")!
            let user = try await accounts.create(Account(username: "worker", displayName: "员工", role: .citySupervisor, organisationId: city.id),
                                                 password: "Secret2026y", actor: .system(), by: nil)
            let sessions = SessionStore(db, accounts: accounts)
            let tokens = APITokenStore(db, accounts: accounts)
            let principal = try await accounts.principal(db.session { $0 }, accountId: user.id)!
            let (session, csrf) = try await sessions.start(principal)
            #expect(csrf.count == 48)
            let token = try await tokens.create(accountId: user.id, name: "对接", actor: .system())
            #expect(try await sessions.find(session)?.principal.username == "worker")
            #expect(try await tokens.principal(for: token)?.username == "worker")
            _ = try await accounts.setActive(user.id, false, by: admin.principal)
            #expect(try await sessions.find(session) == nil)
            #expect(try await tokens.principal(for: token) == nil)
            #expect(try await accounts.authenticate(username: "worker", password: "Secret2026y", address: "x") == .failure(.disabled))
        }
    }

    @Test func revokedTokenNoLongerWorks() async throws {
        try await TestDatabase.with { db in
            let admin = try await makeAdmin(db)
            let tokens = APITokenStore(db, accounts: AccountRepository(db, hasher: TestDatabase.hasher))
            let token = try await tokens.create(accountId: admin.id, name: "t", actor: .system())
            let id = try await tokens.list(accountId: admin.id)[0].id
            try await tokens.revoke(id: id, accountId: admin.id, actor: .system())
            #expect(try await tokens.principal(for: token) == nil)
            // Again: nothing changes (a retried call); for another account the token does not exist.
            try await tokens.revoke(id: id, accountId: admin.id, actor: .system())
            await #expect(throws: StoreError.notFound) { try await tokens.revoke(id: id, accountId: admin.id + 1, actor: .system()) }
        }
    }

    @Test func passwordChangeChecksTheCurrentOne() async throws {
        try await TestDatabase.with { db in
            let admin = try await makeAdmin(db)
            let accounts = AccountRepository(db, hasher: TestDatabase.hasher)
            await #expect(throws: StoreError.self) {
                try await accounts.changePassword(admin.principal, current: "wrong", new: "Another2026z", keepSession: nil)
            }
            try await accounts.changePassword(admin.principal, current: "Secret2026x", new: "Another2026z", keepSession: nil)
            #expect((try? await accounts.authenticate(username: "boss", password: "Another2026z", address: "a").get()) != nil)
        }
    }
}

extension SessionStore.Session: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.principal == b.principal && a.csrfToken == b.csrfToken }
}
