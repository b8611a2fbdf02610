import Foundation
import Logging
import PinzhiDomain
import PinzhiStore

/// Everything a handler may use, passed in explicitly: no globals.
public struct AppServices: Sendable {
    public let database: PinzhiDatabase
    public let hasher: PasswordHasher
    public let accounts: AccountRepository
    public let sessions: SessionStore
    public let tokens: APITokenStore
    public let organisations: OrganisationRepository
    public let audit: AuditQueries
    public let importer: Importer
    public let views: ViewRenderer
    public let settings: AppSettings
    public let attachments: AttachmentStore
    /// On-site inspections' photos, in the attachments' directory (files are named by their checksum).
    public let inspectionPhotos: InspectionPhotoStore
    public let logger: Logger
    /// The portal's statistics, kept until the next publication.
    public let publishedRates = PublishedRatesCache()
    /// The portal's and the open API's list totals, kept until the next publication.
    public let publicationTotals = PublicationCache<Int>()
    /// Today in Beijing: the clock every handler reads, injected so that tests can set the day.
    public let today: @Sendable () -> Day
    /// Seconds since 1970, for what counts time within a day (the open API's rate limit): injected so that a test's
    /// requests are not refilled by a slow machine.
    public let instant: @Sendable () -> Double

    public init(database: PinzhiDatabase, hasher: PasswordHasher, views: ViewRenderer, settings: AppSettings,
                logger: Logger = Logger(label: "pinzhi"), today: @escaping @Sendable () -> Day = { Clock.today() },
                instant: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.today = today
        self.instant = instant
        self.database = database
        self.hasher = hasher
        let accounts = AccountRepository(database, hasher: hasher)
        self.accounts = accounts
        self.sessions = SessionStore(database, accounts: accounts)
        self.tokens = APITokenStore(database, accounts: accounts)
        self.organisations = OrganisationRepository(database)
        self.audit = AuditQueries(database)
        self.importer = Importer(database)
        self.views = views
        self.attachments = AttachmentStore(database, directory: URL(fileURLWithPath: settings.attachmentsDirectory))
        self.inspectionPhotos = InspectionPhotoStore(database, directory: URL(fileURLWithPath: settings.attachmentsDirectory))
        self.settings = settings
        self.logger = logger
    }

    /// Every workflow kind's duties, for the workbench's one to-do list: a new kind adds its repository here.
    public var dutySources: [any DutySource] {
        [PlanRepository(database), TaskRepository(database), BatchRepository(database), LeadRepository(database), CaseRepository(database),
         LetterRepository(database), IssuerNoticeRepository(database),
         SafetyOfficerRepository(database), RiskItemRepository(database), RiskAlertRepository(database),
         MonitoringRepository(database), AssistanceRepository(database), ProblemItemRepository(database), CampaignFormRepository(database),
         CampaignSummaryRepository(database)]
    }

    public func repository<R: MasterRecord>(_ type: R.Type) -> MasterRepository<R> { MasterRepository<R>(database) }
}

extension AppServices {
    /// The years a year picker offers, newest first: from the year of the first plan (this one when there is none)
    /// up to `last`, so a bureau that started in 2021 sees 2021 and a new one no empty years.
    func pickerYears(through last: Int) async throws -> [Int] {
        let first = try await PlanRepository(database).firstYear() ?? last
        return Array((min(first, last)...last).reversed())
    }
}

extension AppServices {
    /// Today, the rules in force and the working-day calendar: what a page needs to show deadlines.
    func clockRules() async throws -> (today: Day, rules: RuleSet, calendar: WorkingDayCalendar) {
        let today = self.today()
        return (today, try await RuleRepository(database).effective(on: today), try await CalendarRepository(database).calendar())
    }
}
