import Foundation
import Plot

/// The accessibility statement for Nära, in the structure DIGG prescribes for public websites
/// under the law on accessibility of digital public services (2018:1937): who is responsible,
/// how accessible the service is, how to report shortcomings, supervision, technical
/// information with the known gaps, how the service was tested, and the date.
struct AccessibilityStatementPage {
    /// The address people write to about shortcomings.
    let contact: String

    /// The day the statement was last reviewed; change it when the statement is reviewed again.
    static let lastUpdated = "30 november 2026"
    static let supervisionForm = "https://www.digg.se/tdosanmalan"

    /// `tillganglighet@` the operator's own domain (from `NARA_PUBLIC_URL`); without one, an
    /// example address that says it is one.
    static func contactAddress(_ config: AppConfig) -> String {
        let host = URL(string: config.publicURL)?.host ?? ""
        let isLocal = host.isEmpty || host == "localhost" || AppConfig.isIPAddress(host)
        return "tillganglighet@" + (isLocal ? "nara.example" : host)
    }

    /// What is known not to meet the requirements, each with what it concerns.
    static let knownGaps: [(heading: String, text: String)] = [
        ("Tidsgräns för inloggningen (WCAG 2.2.1, Justerbar tidsgräns)",
         "Inloggningen upphör efter en tids inaktivitet (30 minuter om inget annat är inställt) utan förvarning och utan att du kan förlänga den. Svar i rapporter som skrivits medan inloggningen upphört sparas i webbläsaren och skickas när du loggat in igen, men det du skrivit i andra formulär kan gå förlorat."),
        ("Bifogade filer",
         "Filer som mottagare bifogar till rapporter och rapporteringar (PDF, Word och Excel) granskas inte av Nära och kan sakna rubriker, taggar eller alternativtexter."),
        ("Nedladdningsbara kalkylblad",
         "Tabellerna går att ladda ned som CSV och Excel. Filerna har inte granskats mot kraven på dokument i EN 301 549 (kapitel 10); samma uppgifter finns som tabeller på webbsidorna."),
        ("Utskrift till PDF",
         "En PDF som du sparar från utskriftsvyn skapas av din webbläsare och får inte alltid den struktur (taggar, rubriker) som krävs för att den ska vara tillgänglig. Samma innehåll finns som webbsida."),
    ]

    func render() -> String {
        Layout.render(title: "Tillgänglighetsredogörelse för Nära", current: SiteURL.accessibility,
            // A soft hyphen lets the long word break as "Tillgänglighets-/redogörelse" on a phone.
            .h1(.text("Tillgänglighets\u{00AD}redogörelse för Nära")),
            .p(.class("lead"), .text("Socialstyrelsen står bakom Nära, tjänsten för statsbidragen inom God och nära vård. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur Nära uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan rapportera brister så att vi kan åtgärda dem.")),
            .h2(.text("Hur tillgänglig är tjänsten?")),
            .p(.text("Nära är delvis förenlig med lagen om tillgänglighet till digital offentlig service. Vi känner till brister, som beskrivs under Innehåll som inte är tillgängligt nedan.")),
            .h2(.text("Vad kan du göra om du inte kan använda delar av tjänsten?")),
            .p(.text("Om du behöver innehåll från Nära som inte är tillgängligt för dig, men som omfattas av lagen, kan du meddela oss, så försöker vi ge dig innehållet på ett annat sätt. Skriv till "),
               .a(.attr("href", "mailto:" + contact), .text(contact)),
               .text(".")),
            .h2(.text("Rapportera brister i tjänstens tillgänglighet")),
            .p(.text("Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, skriv till "),
               .a(.attr("href", "mailto:" + contact), .text(contact)),
               .text(" så att vi vet att problemet finns. Berätta gärna vilken sida det gäller och vad som hände.")),
            .h2(.text("Tillsyn")),
            .p(.text("Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du "),
               .a(.href(Self.supervisionForm), .text("kontakta Myndigheten för digital förvaltning och påpeka det")),
               .text(" (digg.se/tdosanmalan).")),
            .h2(.text("Teknisk information om tjänstens tillgänglighet")),
            .p(.text("Nära är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. Kraven vi bedömer mot är WCAG 2.1 på nivå AA, som de anges i den europeiska standarden EN 301 549.")),
            .h3(.text("Innehåll som inte är tillgängligt")),
            .p(.text("Det innehåll som beskrivs nedan är på ett eller annat sätt inte helt tillgängligt.")),
            .ul(.forEach(Self.knownGaps) { gap in .li(.strong(.text(gap.heading + ". ")), .text(gap.text)) }),
            .h2(.text("Hur vi testat tjänsten")),
            .p(.text("Vi har själva granskat Nära:")),
            .ul(
                .li(.text("automatiska kontroller med axe-core av varje sidtyp, inloggad i varje roll och utan inloggning, i webbläsaren Chromium vid bredderna 1280 och 375 pixlar; varje ny version av tjänsten kontrolleras så innan den tas i drift,")),
                .li(.text("en genomgång av tjänstens flöden med enbart tangentbord,")),
                .li(.text("manuell granskning av de punkter som axe-core lämnar åt en människa att bedöma."))),
            .p(.text("Tjänsten har inte testats av användare med skärmläsare eller annat hjälpmedel. Automatiska kontroller hittar bara en del av de brister som kan finnas.")),
            .p(.text("Senaste bedömningen gjordes den \(Self.lastUpdated).")),
            .p(.text("Redogörelsen uppdaterades senast den \(Self.lastUpdated)."))
        )
    }
}
