import PinzhiDomain

/// The parts of every page around its content: title, the signed-in user, navigation for the role, messages.
struct PageChrome {
    struct User {
        var displayName: String
        var roleLabel: String
        var organisation: String
    }

    struct NavItem {
        var label: String
        var url: String
        var active: Bool
    }

    var title: String
    var user: User?
    var nav: [NavItem]
    var csrf: String
    var flash: String?
    var flashError: String?

    init(title: String, context: AppRequestContext, active: String = "", flash: String? = nil, flashError: String? = nil) {
        self.title = title
        self.csrf = context.csrfToken ?? ""
        self.flash = flash
        self.flashError = flashError
        if let p = context.principal {
            user = User(displayName: p.displayName, roleLabel: p.role.label, organisation: p.organisationName)
            nav = Navigation.items(for: p.role).map { NavItem(label: $0.label, url: $0.url, active: $0.url == active) }
        } else {
            user = nil
            nav = []
        }
    }
}
