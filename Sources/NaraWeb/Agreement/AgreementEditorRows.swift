import NaraCore
import Plot

/// The editor's repeated parts: pots, development areas with their amounts, conditions,
/// milestones and stated receipts. Each row can be removed (a checkbox, applied on save);
/// a button adds an empty row; empty rows are ignored.
struct AgreementEditorRows {
    let form: AgreementForm
    let fields: EditorFields

    func pots() -> Node<HTML.BodyContext> {
        let f = fields
        return EditorFields.fieldset("Potter", id: "pots",
            .p(.class("hint"), .text("Varje pott är pengar till en kategori av mottagare, fördelade efter en nyckel. Potterna ska tillsammans vara lika med ramen.")),
            .unwrap(f.error("pots")) { .p(.class("error-message"), .text($0.message)) },
            .forEach(Array(form.pots.enumerated())) { i, p in
                let at = "pots[\(i)]"
                return .div(.class("editor-row"),
                    .h3(.text("Pott \(i + 1)" + (p.name.isBlank ? "" : ": \(p.name)"))),
                    .div(.class("field-row"),
                         f.text("Namn", "\(at).name", p.name),
                         f.text("Kortnamn i adresser", "\(at).id", p.id, hint: "Små bokstäver, t.ex. regioner"),
                         f.select("Mottagare", "\(at).category", EditorFields.categories, selected: p.category)),
                    .div(.class("field-row"),
                         f.text("Belopp", "\(at).amount_ore", p.amount, hint: "Till exempel 2 420 000 000 eller 2 420 mnkr", amount: true),
                         f.select("Fördelningsnyckel", "\(at).key", EditorFields.keys, selected: p.key)),
                    .div(.class("field-row"),
                         f.text("Befolkningens referensdatum", "\(at).stated_reference_date", p.referenceDate,
                                hint: "ÅÅÅÅ-MM-DD, om överenskommelsen anger det; annars används 1 november året före"),
                         f.text("Vad som rapporteras", "\(at).key_unit", p.keyUnit, hint: "Bara för rapporterat antal, till exempel VFU-veckor"),
                         f.text("Sista dag att rapportera", "\(at).quantity_deadline", p.quantityDeadline, hint: "Bara för rapporterat antal; ÅÅÅÅ-MM-DD")),
                    f.area("Fasta belopp per mottagare", "\(at).fixed_amounts", p.fixedAmounts,
                           hint: "Bara för fasta belopp. En mottagare per rad: kod och belopp, till exempel ”SKR 30 000 000” eller länskod och belopp. Du kan klistra in två kolumner från Excel.",
                           rows: 3),
                    f.area("Anmärkning", "\(at).note", p.note, rows: 2),
                    f.remove("\(at).remove", "Ta bort potten när jag sparar", checked: p.remove))
            },
            EditorFields.action("Lägg till pott", "add:pots"))
    }

    func areas() -> Node<HTML.BodyContext> {
        let f = fields
        return EditorFields.fieldset("Utvecklingsområden", id: "areas",
            .p(.class("hint"), .text("Belopp per område är frivilliga. Anges de ska de för varje mottagarkategori summera till kategorins potter, och till områdets angivna summa.")),
            .forEach(Array(form.areas.enumerated())) { i, a in
                let at = "areas[\(i)]"
                return .div(.class("editor-row"),
                    .h3(.text("Område \(a.number)" + (a.title.isBlank ? "" : ": \(a.title)"))),
                    .div(.class("field-row"),
                         f.text("Nummer", "\(at).number", a.number),
                         f.text("Rubrik", "\(at).title", a.title),
                         f.text("Angiven summa", "\(at).stated_total_ore", a.statedTotal, hint: "Om överenskommelsen anger en", amount: true)),
                    f.area("Sammanfattning", "\(at).summary", a.summary, rows: 2),
                    .forEach(Array(a.amounts.enumerated())) { j, x in
                        .div(.class("field-row amount-row"),
                             f.select("Mottagare (belopp \(j + 1))", "\(at).amounts[\(j)].category", EditorFields.categories, selected: x.category),
                             f.text("Syfte (belopp \(j + 1))", "\(at).amounts[\(j)].purpose", x.purpose),
                             f.text("Belopp \(j + 1)", "\(at).amounts[\(j)].amount_ore", x.amount, amount: true))
                    },
                    EditorFields.action("Lägg till belopp", "add:\(at).amounts", label: "Lägg till belopp i område \(a.number)"),
                    f.remove("\(at).remove", "Ta bort området när jag sparar", checked: a.remove))
            },
            EditorFields.action("Lägg till utvecklingsområde", "add:areas"))
    }

    func conditions() -> Node<HTML.BodyContext> {
        let f = fields
        let count = form.conditions.count
        return EditorFields.fieldset("Villkor", id: "conditions",
            .forEach(Array(form.conditions.enumerated())) { i, c in
                .div(.class("editor-row"),
                     f.area("Villkor \(i + 1)", "conditions[\(i)]", c.text, rows: 2),
                     .div(.class("row-actions"),
                          .if(i > 0, EditorFields.action("Flytta upp", "up:conditions:\(i)", label: "Flytta villkor \(i + 1) upp")),
                          .if(i < count - 1, EditorFields.action("Flytta ned", "down:conditions:\(i)", label: "Flytta villkor \(i + 1) ned")),
                          f.remove("conditions[\(i)].remove", "Ta bort villkoret när jag sparar", checked: c.remove)))
            },
            EditorFields.action("Lägg till villkor", "add:conditions"))
    }

    func milestones() -> Node<HTML.BodyContext> {
        let f = fields
        return EditorFields.fieldset("Tidpunkter", id: "milestones",
            .p(.class("hint"), .text("Tidpunkterna styr resten: sista dag för rekvisition visas på medelsidorna, rapportomgångar skapas från redovisningarna och påminnelser skickas före dem. Datum från 1 januari året före till 31 december tre år efter.")),
            .forEach(Array(form.milestones.enumerated())) { i, m in
                let at = "milestones[\(i)]"
                return .div(.class("editor-row"),
                    .div(.class("field-row"),
                         f.text("Datum", "\(at).date", m.date, hint: "ÅÅÅÅ-MM-DD"),
                         f.select("Typ", "\(at).kind", EditorFields.milestoneKinds, selected: m.kind),
                         f.text("Vad", "\(at).title", m.title)),
                    .div(.class("field-row"),
                         f.text("Vem", "\(at).responsible", m.responsible, hint: "Till exempel Regioner och RSS"),
                         f.text("Till vem", "\(at).recipient", m.recipient, hint: "Till exempel Kammarkollegiet")),
                    f.remove("\(at).remove", "Ta bort tidpunkten när jag sparar", checked: m.remove))
            },
            EditorFields.action("Lägg till tidpunkt", "add:milestones"))
    }

    func receipts() -> Node<HTML.BodyContext> {
        let f = fields
        let pots = [("", "Välj pott")] + form.pots.filter { !$0.id.isBlank }.map { ($0.id, $0.name.isBlank ? $0.id : $0.name) }
        return EditorFields.fieldset("Angivna belopp till enskilda mottagare", id: "stated_receipts",
            .p(.class("hint"), .text("När ett underlag säger att en mottagare får ett visst belopp kontrolleras fördelningen mot det, och sidan visar skillnaden.")),
            .forEach(Array(form.receipts.enumerated())) { i, r in
                let at = "stated_receipts[\(i)]"
                return .div(.class("editor-row"),
                    .div(.class("field-row"),
                         f.select("Pott", "\(at).pot", pots, selected: r.pot),
                         f.text("Mottagarens kod", "\(at).code", r.code, hint: "Länskod, till exempel 23"),
                         f.text("Belopp", "\(at).amount_ore", r.amount, amount: true),
                         f.text("Referensdatum", "\(at).reference_date", r.referenceDate)),
                    f.area("Källa", "\(at).source", r.source, rows: 2),
                    f.remove("\(at).remove", "Ta bort uppgiften när jag sparar", checked: r.remove))
            },
            EditorFields.action("Lägg till angivet belopp", "add:stated_receipts"))
    }
}
