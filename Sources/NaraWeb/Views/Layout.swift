import Foundation
import Plot

/// The frame every page shares: language, skip link, header with navigation, breadcrumbs,
/// main landmark and footer.
enum Layout {
    enum Text {
        static let brand = "Nära"
        static let tagline = "Statsbidragen för God och nära vård – från överenskommelse till uppföljning"
        static let skip = "Hoppa till huvudinnehållet"
        static let mainNav = "Huvudmeny"
        static let breadcrumbs = "Du är här"
        static let footer = "Nära – Socialstyrelsen, Kammarkollegiet, SKR, regioner och kommuner. Befolkningsuppgifter från SCB."
        static let nav: [(String, String)] = [
            (SiteURL.home, "Överenskommelser"),
            (SiteURL.population, "Befolkning"),
            (SiteURL.openData, "Öppna data och API"),
        ]
    }

    /// Renders a whole page.
    /// - Parameters:
    ///   - title: the page's own title (also its `h1` is the page's business).
    ///   - breadcrumbs: the trail above the page, link targets first; the last has no link.
    ///   - current: the navigation entry to mark as current.
    ///   - content: the contents of `<main>`.
    static func render(title: String, breadcrumbs: [(String, String?)] = [], current: String? = nil,
                       _ content: Node<HTML.BodyContext>...) -> String {
        let context = PageContext.current
        var nav = Text.nav
        if context.personName != nil { nav.append((SiteURL.reports, "Rapporter")) }
        if context.isRegion { nav.append(("/malbild", "Målbild")) }
        if context.canReview { nav.append((SiteURL.followUp, "Uppföljning")) }
        if context.canPay { nav.append((SiteURL.payer, "Utbetalningar")) }
        if context.personName != nil { nav.append((SiteURL.account, "Mitt konto")) }
        if context.isAdministrator { nav.append((SiteURL.admin, "Administration")) }
        let html = HTML(
            .lang(.swedish),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                // Only the <title> element (text, escaped): no <meta> tags carrying the page's title.
                .element(named: "title", text: title + " – " + Text.brand),
                // Versioned addresses (see `StaticAsset`): cached for a year, replaced by a release.
                .stylesheet(StaticAssets.stylesheetURL),
                // Deferred: runs once the page is parsed; every page works without it.
                .script(.src(StaticAssets.scriptURL), .attribute(named: "defer", value: "defer"))
            ),
            .body(
                .a(.class("skip-link"), .href("#innehall"), .text(Text.skip)),
                .header(.class("site-header"),
                    .div(.class("wrap"),
                        .a(.class("brand"), .href(SiteURL.home), .text(Text.brand)),
                        .p(.class("tagline"), .text(Text.tagline)),
                        .nav(.attribute(named: "aria-label", value: Text.mainNav),
                            .ul(.forEach(nav) { item in
                                .li(.a(.href(item.0), .text(item.1),
                                       .if(item.0 == current, .attribute(named: "aria-current", value: "page"))))
                            })
                        ),
                        account(context)
                    )
                ),
                .if(!breadcrumbs.isEmpty,
                    .nav(.class("breadcrumbs wrap"), .attribute(named: "aria-label", value: Text.breadcrumbs),
                        .ol(.forEach(breadcrumbs) { crumb in
                            .li(crumb.1.map { .a(.href($0), .text(crumb.0)) } ?? .span(.attribute(named: "aria-current", value: "page"), .text(crumb.0)))
                        })
                    )
                ),
                .main(.id("innehall"), .class("wrap"), .attribute(named: "tabindex", value: "-1"),
                      .unwrap(context.flash) { .div(.class("flash"), .attribute(named: "role", value: "status"), .p(.text($0))) },
                      .group(content)),
                .footer(.class("site-footer"), .div(.class("wrap"), .p(.text(Text.footer)),
                                                    .p(.a(.href(SiteURL.accessibility), .text("Tillgänglighetsredogörelse")))))
            )
        )
        return html.render()
    }
}

extension Layout {
    /// Who is signed in, for whom, and the sign-out button; or the sign-in link.
    static func account(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard let name = context.personName, let csrf = context.csrf else {
            return .p(.class("account"), .a(.href(SiteURL.login + (context.path == "/" ? "" : "?till=" + (context.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-"))) ?? ""))), .text("Logga in")))
        }
        return .div(.class("account"),
            .p(.span(.class("account-name"), .text(name)), .text(" · "), .text(context.organisationName ?? ""),
               .text(" (" + (context.roleName ?? "") + ")")),
            Forms.button("Logga ut", action: SiteURL.logout, csrf: csrf))
    }
}

/// Small building blocks the pages share.
enum Blocks {
    /// A table header cell for a column.
    static func col(_ text: String, numeric: Bool = false) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "col"), .if(numeric, .class("num")), .text(text))
    }

    /// A numeric data cell.
    static func num(_ text: String) -> Node<HTML.TableRowContext> {
        .td(.class("num"), .text(text))
    }

    static func cell(_ text: String) -> Node<HTML.TableRowContext> { .td(.text(text)) }

    /// A row header cell.
    static func rowHeader(_ nodes: Node<HTML.BodyContext>...) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "row"), .group(nodes))
    }

    /// A notice box; `kind` is `info`, `warning` or `ok`.
    static func notice(_ kind: String, heading: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .div(.class("notice notice-\(kind)"),
             .h2(.class("notice-heading"), .text(heading)),
             .group(nodes))
    }
}
