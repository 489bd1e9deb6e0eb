import NaraCore

/// The OpenAPI 3.1 description of every API route, written by hand next to the routes it
/// describes; a test checks that every registered route appears here.
///
/// Note: the API encoder writes keys in snake_case, so `frame_ore` here is `frameOre` in the DTO.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Nära API",
            "version": "1.0.0",
            "description": "Öppna data om överenskommelserna om God och nära vård: överenskommelser, potter och fördelningar. Belopp anges i öre som heltal.",
        ],
        "servers": [["url": "/"]],
        "paths": paths,
        "components": ["schemas": schemas, "securitySchemes": [
            "bearer": ["type": "http", "scheme": "bearer", "description": "Personlig API-nyckel, skapas under Mitt konto"],
            "session": ["type": "apiKey", "in": "cookie", "name": "nara_session", "description": "Inloggad webbsession"],
        ]],
    ]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func arrayOf(_ item: JSONValue) -> JSONValue { ["type": "array", "items": item] }
    static let yearParameter: JSONValue = ["name": "year", "in": "path", "required": true,
                                           "description": "Överenskommelsens år", "schema": ["type": "integer", "example": 2023]]
    static let potParameter: JSONValue = ["name": "pot", "in": "path", "required": true,
                                          "description": "Pottens id, t.ex. regioner, kommuner, vfu, skr", "schema": ["type": "string"]]
    static let versionParameter: JSONValue = ["name": "version", "in": "query", "required": false,
                                              "description": "Version av fördelningen; utan den den gällande", "schema": ["type": "integer", "minimum": 1]]
    static let notFound: JSONValue = ["description": "Finns inte", "content": ["application/json": ["schema": ref("Error")]]]
    static let badRequest: JSONValue = ["description": "Felaktig begäran", "content": ["application/json": ["schema": ref("Error")]]]

    static func ok(_ schema: JSONValue, _ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }
    static let csvOK: JSONValue = ["description": "CSV: semikolonseparerad, UTF-8 med BOM, decimalkomma",
                                   "content": ["text/csv": ["schema": ["type": "string"]]]]

    static let unauthorized: JSONValue = ["description": "Inte inloggad eller ogiltig API-nyckel", "content": ["application/json": ["schema": ref("Error")]]]
    static let forbidden: JSONValue = ["description": "Ingen behörighet", "content": ["application/json": ["schema": ref("Error")]]]
    static let binaryFile: JSONValue = ["schema": ["type": "string", "format": "binary"]]
    static let signedIn: JSONValue = [["bearer": []], ["session": []]]

    static let reportParameter: JSONValue = ["name": "report", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
    static let questionParameter: JSONValue = ["name": "question", "in": "path", "required": true, "description": "Frågans id, t.ex. q1 eller q5a", "schema": ["type": "string"]]

    static let requisitionParameter: JSONValue = ["name": "requisition", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
    static let conflict: JSONValue = ["description": "Fel tillstånd", "content": ["application/json": ["schema": ref("Error")]]]
    static func refusal(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": ref("Refusal")]]]
    }

    static let paths: JSONValue = [
        "/api/v1/agreements/{year}/requisitions": ["post": [
            "summary": "Rekvirera medel för den egna organisationen (region eller RSS); fördelas på områdena efter planen. Attesteras sedan av ekonomichefen.",
            "operationId": "createRequisition", "security": signedIn, "parameters": [yearParameter],
            "requestBody": ["required": true, "content": ["application/json": ["schema": object(["amount_ore"], [("amount_ore", ore)])]]],
            "responses": ["201": ok(ref("Requisition"), "Rekvisitionen"), "400": badRequest, "401": unauthorized, "403": forbidden, "404": notFound,
                          "422": ["description": "Beloppet överstiger det som återstår, eller sista dag har passerat", "content": ["application/json": ["schema": ref("Error")]]]]]],
        "/api/v1/requisitions/{requisition}/attest": ["post": [
            "summary": "En ekonomichef i den egna organisationen attesterar en rekvisition som någon annan gjort (409 för den som gjorde den)", "operationId": "attestRequisition", "security": signedIn,
            "parameters": [requisitionParameter],
            "responses": ["200": ok(ref("Requisition"), "Attesterad"), "401": unauthorized, "403": forbidden, "404": notFound, "409": conflict]]],
        "/api/v1/requisitions/{requisition}/approve": ["post": [
            "summary": "Kammarkollegiet godkänner en attesterad rekvisition; en betalning planeras (201). Över gränsen för andra godkännande (NARA_SECOND_APPROVAL_ORE, 50 mnkr) väntar det första godkännandet på en andra utbetalare (202); samma person kan inte göra båda (409).", "operationId": "approveRequisition", "security": signedIn,
            "parameters": [requisitionParameter],
            "requestBody": ["required": false, "content": ["application/json": ["schema": object([], [("payment_date", ["type": "string", "format": "date"])])]]],
            "responses": ["201": ok(ref("Payment"), "Betalningen"), "202": ok(ref("Requisition"), "Första godkännandet; väntar på en andra utbetalare"), "400": badRequest, "401": unauthorized, "403": forbidden, "404": notFound, "409": conflict]]],
        "/api/v1/payments/{payment}/paid": ["post": [
            "summary": "Kammarkollegiet markerar en betalning som utbetald", "operationId": "markPaymentPaid", "security": signedIn,
            "parameters": [["name": "payment", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
            "responses": ["200": ok(ref("Payment"), "Utbetald"), "401": unauthorized, "403": forbidden, "404": notFound, "409": conflict]]],
        "/api/v1/agreements/{year}/money": ["get": [
            "summary": "Medlen per mottagare och utvecklingsområde: tilldelat, rekvirerat, utbetalt, vidarefördelat, använt, återbetalt, saldo (öre). Nationella roller ser alla mottagare, andra sin egen organisation.",
            "operationId": "getMoney", "security": signedIn, "parameters": [yearParameter],
            "responses": ["200": ok(["type": "object"], "Översikten"), "401": unauthorized, "404": notFound]]],
        "/api/v1/agreements/{year}/plans/{code}": ["get": [
            "summary": "En mottagares användningsplan med områden och insatser (belopp i öre)", "operationId": "getPlan", "security": signedIn,
            "parameters": [yearParameter, ["name": "code", "in": "path", "required": true, "description": "Länskod", "schema": ["type": "string", "example": "23"]],
                           ["name": "kind", "in": "query", "required": false, "description": "rss för länets RSS; annars regionen",
                            "schema": ["type": "string", "enum": ["region", "rss"]]]],
            "responses": ["200": ok(ref("Plan"), "Planen"), "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/api/v1/forms": ["get": ["summary": "Formulär som anroparen kan se", "operationId": "listForms", "security": signedIn,
                                  "responses": ["200": ok(arrayOf(ref("FormItem")), "Formulären"), "401": unauthorized]]],
        "/api/v1/forms/{form}": ["get": ["summary": "Ett formulärs definition i det dokumenterade formatet (docs/FORMS.md)", "operationId": "getForm",
                                         "security": signedIn,
                                         "parameters": [["name": "form", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
                                         "responses": ["200": ok(["type": "object"], "Definitionen, varje fråga med sitt id"), "401": unauthorized, "404": notFound]]],
        "/api/v1/reports": ["get": ["summary": "Anroparens organisations rapporter med status", "operationId": "listReports", "security": signedIn,
                                    "responses": ["200": ok(arrayOf(ref("ReportItem")), "Rapporterna"), "401": unauthorized]]],
        "/api/v1/reports/{report}": ["get": ["summary": "En rapport med alla svar", "operationId": "getReport", "security": signedIn,
                                             "parameters": [reportParameter],
                                             "responses": ["200": ok(ref("ReportDetail"), "Rapporten"), "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/api/v1/reports/{report}/answers/{question}": [
            "get": ["summary": "Ett svar med sin revision", "operationId": "getAnswer", "security": signedIn,
                    "parameters": [reportParameter, questionParameter],
                    "responses": ["200": ok(ref("Answer"), "Svaret"), "401": unauthorized, "403": forbidden, "404": notFound]],
            "put": ["summary": "Spara ett svar. Revisionen ska vara den som lästes; är den inaktuell svarar API:t 409 med det gällande svaret.",
                    "operationId": "saveAnswer", "security": signedIn, "parameters": [reportParameter, questionParameter],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": ref("SaveAnswer")]]],
                    "responses": ["200": ok(ref("SavedAnswer"), "Sparat"), "400": badRequest, "401": unauthorized, "403": forbidden, "404": notFound,
                                  "409": ["description": "Någon annan har sparat en nyare version (med det gällande svaret i current), eller rapporten är inskickad eller låst",
                                          "content": ["application/json": ["schema": ["anyOf": [ref("AnswerConflict"), ref("Error")]]]]],
                                  "422": ["description": "Svaret går inte att läsa", "content": ["application/json": ["schema": ref("Error")]]]]],
        ],
        "/api/v1/reports/{report}/attachments/{attachment}": ["get": [
            "summary": "En bilaga till rapporten som fil (Content-Disposition: attachment); samma behörighet som att läsa rapporten",
            "operationId": "getAttachment", "security": signedIn,
            "parameters": [reportParameter, ["name": "attachment", "in": "path", "required": true, "description": "Bilagans id (attachments i rapporten)",
                                             "schema": ["type": "string", "format": "uuid"]]],
            "responses": ["200": ["description": "Filen som den lämnades in; okända typer som application/octet-stream",
                                  "content": .object(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"]
                                      .map { ($0, binaryFile) })],
                          "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/api/v1/followup/{formkey}/questions/{question}": ["get": [
            "summary": "En frågas svar från alla mottagare: antal per alternativ med fördelning per län, eller summa, median, lägsta och högsta för tal",
            "operationId": "followUpQuestion", "security": signedIn,
            "parameters": [["name": "formkey", "in": "path", "required": true, "description": "Formulärets id, t.ex. kommuner-slutredovisning-2022", "schema": ["type": "string"]],
                           questionParameter,
                           ["name": "year", "in": "query", "required": false, "description": "År; utan år det senaste med svar", "schema": ["type": "integer"]],
                           ["name": "county", "in": "query", "required": false, "description": "Länskod", "schema": ["type": "string"]],
                           ["name": "kind", "in": "query", "required": false, "schema": ["type": "string", "enum": ["region", "rss"]]]],
            "responses": ["200": ok(ref("QuestionAggregation"), "Sammanställningen"), "400": badRequest, "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/api/v1/followup/{formkey}/questions/{question}/themes": ["get": [
            "summary": "Teman i en fritextfrågas svar: ord (svenska, stammade, sammansättningar delade) som skiljer svaren i ett län från övriga läns, eller utan län frågans svar från formulärets andra fritextfrågor; antal mottagare och länkar till svaren",
            "operationId": "followUpQuestionThemes", "security": signedIn,
            "parameters": [["name": "formkey", "in": "path", "required": true, "description": "Formulärets id", "schema": ["type": "string"]], questionParameter,
                           ["name": "year", "in": "query", "required": false, "description": "År; utan år det senaste med svar", "schema": ["type": "integer"]],
                           ["name": "county", "in": "query", "required": false, "description": "Länskod; utan den hela frågan", "schema": ["type": "string"]],
                           ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 50, "default": 10]]],
            "responses": ["200": ok(arrayOf(object(["term", "recipients", "answers"], [("term", string), ("recipients", integer), ("answers", arrayOf(object(
                ["report", "recipient", "county", "url"], [("report", ["type": "string", "format": "uuid"]), ("recipient", string), ("county", nullableString),
                                                          ("url", ["type": "string", "description": "Frågans sida med mottagarens svar"])])))])), "Teman, mest utmärkande först"),
                          "400": badRequest, "401": unauthorized, "403": forbidden, "404": notFound,
                          "422": ["description": "Frågan är inte en fritextfråga, eller county är inte en länskod", "content": ["application/json": ["schema": ref("Error")]]]]]],
        "/api/v1/followup/search": ["get": [
            "summary": "Sök i alla inskickade fritextsvar och kommentarer (svensk fulltextsökning)", "operationId": "followUpSearch", "security": signedIn,
            "parameters": [["name": "q", "in": "query", "required": true, "schema": ["type": "string", "maxLength": 200]],
                           ["name": "year", "in": "query", "required": false, "schema": ["type": "integer"]],
                           ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 500]],
                           ["name": "offset", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0]]],
            "responses": ["200": ok(ref("SearchResult"), "Träffarna, bäst först"), "400": badRequest, "401": unauthorized, "403": forbidden]]],
        "/api/v1/me": ["get": ["summary": "Vem anroparen är: person, organisation och roll", "operationId": "me", "security": signedIn,
                               "responses": ["200": ok(ref("Me"), "Anroparen"), "401": unauthorized]]],
        "/api/v1/organisations/{org}/members": ["get": [
            "summary": "Personer med konto i en organisation (egen organisation, eller nationell läsbehörighet)", "operationId": "listMembers",
            "security": signedIn,
            "parameters": [["name": "org", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
            "responses": ["200": ok(arrayOf(ref("Member")), "Personerna"), "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/api/v1/memberships/{membership}": ["patch": [
            "summary": "Ändra ett medlemskaps roll och uppdraget ekonomichef (attesträtt); administratörer. Ange role, finance_director eller båda.",
            "operationId": "updateMembership", "security": signedIn,
            "parameters": [["name": "membership", "in": "path", "required": true, "description": "Medlemskapets id (id i listan över personer)",
                            "schema": ["type": "string", "format": "uuid"]]],
            "requestBody": ["required": true, "content": ["application/json": ["schema": object([], [
                ("role", ["type": "string", "enum": ["administrator", "analyst", "payer", "recipient_editor", "recipient_viewer", "provider"]]),
                ("finance_director", ["type": "boolean", "description": "Ekonomichef med attesträtt; bara i organisationer som tar emot medel"])])]]],
            "responses": ["200": ok(ref("Membership"), "Medlemskapet efter ändringen"), "400": badRequest, "401": unauthorized, "403": forbidden,
                          "404": notFound,
                          "422": ["description": "Okänd roll, en roll som inte kan ges i organisationen, eller ekonomichef i en organisation som inte tar emot medel",
                                  "content": ["application/json": ["schema": ref("Error")]]]]]],
        "/health": ["get": ["summary": "Hälsokontroll", "operationId": "health", "responses": ["200": ["description": "Tjänsten är uppe"]]]],
        "/ready": ["get": ["summary": "Redo att ta emot trafik: databasen svarar", "operationId": "ready",
                           "responses": ["200": ["description": "Databasen svarar"], "503": ["description": "Databasen svarar inte"]]]],
        "/metrics": ["get": ["summary": "Mätvärden i Prometheus textformat (bara med NARA_METRICS=true)", "operationId": "metrics",
                             "responses": ["200": ["description": "Mätvärdena", "content": ["text/plain": ["schema": ["type": "string"]]]],
                                           "404": ["description": "Mätvärden är avstängda"]]]],
        "/api/v1/openapi.json": ["get": ["summary": "Det här dokumentet", "operationId": "openapi",
                                         "responses": ["200": ok(["type": "object"], "OpenAPI-dokumentet")]]],
        "/api/v1/agreements": [
            "get": ["summary": "Alla publicerade överenskommelser", "operationId": "listAgreements",
                    "responses": ["200": ok(arrayOf(ref("AgreementListItem")), "Överenskommelser, äldst först")]],
            "post": ["summary": "Skapa ett utkast till en överenskommelse (behörighet att hantera överenskommelser). Kroppen är samma dokument som GET ger.",
                     "operationId": "createAgreement", "security": signedIn,
                     "requestBody": ["required": true, "content": ["application/json": ["schema": ref("Agreement")]]],
                     "responses": ["201": ok(ref("Agreement"), "Utkastet"), "400": badRequest, "401": unauthorized, "403": forbidden,
                                   "409": refusal("Det finns redan en överenskommelse för året"), "422": refusal("Fel i dokumentet, vart och ett med sin sökväg")]],
        ],
        "/api/v1/agreements/{year}": [
            "get": ["summary": "En överenskommelse med områden, potter, villkor, tidpunkter och angivna belopp (utkast bara för den som hanterar överenskommelser)",
                    "operationId": "getAgreement", "parameters": [yearParameter],
                    "responses": ["200": ok(ref("Agreement"), "Överenskommelsen"), "404": notFound]],
            "put": ["summary": "Ändra ett utkast, eller en publicerad överenskommelse genom en ändringsöverenskommelse (amendment med date, reason och reference)",
                    "operationId": "updateAgreement", "security": signedIn, "parameters": [yearParameter],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": ref("Agreement")]]],
                    "responses": ["200": ok(ref("Agreement"), "Överenskommelsen som den nu är"), "400": badRequest, "401": unauthorized,
                                  "403": forbidden, "404": notFound, "409": refusal("Fel tillstånd"), "422": refusal("Fel i dokumentet eller ändringen")]],
        ],
        "/api/v1/agreements/{year}/publish": ["post": [
            "summary": "Publicera ett utkast: det blir offentligt och fördelningarna beräknas. Går inte om summorna inte stämmer.",
            "operationId": "publishAgreement", "security": signedIn, "parameters": [yearParameter],
            "requestBody": ["required": false, "content": ["application/json": ["schema": object([], [("population_table_id", ["type": "string", "format": "uuid"])])]]],
            "responses": ["200": ok(ref("Agreement"), "Den publicerade överenskommelsen"), "400": badRequest, "401": unauthorized, "403": forbidden,
                          "404": notFound, "409": refusal("Redan publicerad"), "422": refusal("Summorna stämmer inte")]]],
        "/api/v1/agreements/{year}/allocations": ["get": ["summary": "Gällande fördelning av alla potter", "operationId": "getAllocations",
                                                          "parameters": [yearParameter],
                                                          "responses": ["200": ok(ref("Allocations"), "Fördelningarna"), "404": notFound]]],
        "/api/v1/agreements/{year}/allocations.csv": ["get": ["summary": "Gällande fördelning av alla potter som CSV", "operationId": "getAllocationsCSV",
                                                              "parameters": [yearParameter], "responses": ["200": csvOK, "404": notFound]]],
        "/api/v1/agreements/{year}/allocations/{pot}": ["get": ["summary": "En potts fördelning", "operationId": "getPotAllocation",
                                                                "parameters": [yearParameter, potParameter, versionParameter],
                                                                "responses": ["200": ok(ref("PotAllocation"), "Fördelningen"), "400": badRequest, "404": notFound]]],
        "/api/v1/agreements/{year}/allocations/{pot}.csv": ["get": ["summary": "En potts fördelning som CSV", "operationId": "getPotAllocationCSV",
                                                                    "parameters": [yearParameter, potParameter, versionParameter],
                                                                    "responses": ["200": csvOK, "400": badRequest, "404": notFound]]],
        "/api/v1/population-tables": ["get": ["summary": "Befolkningstabellerna", "operationId": "listPopulationTables",
                                              "responses": ["200": ok(arrayOf(ref("PopulationTable")), "Tabeller, senaste referensdatum först")]]],
        "/api/v1/organisations": ["get": ["summary": "Organisationer", "operationId": "listOrganisations",
                                          "parameters": [["name": "kind", "in": "query", "required": false,
                                                          "schema": ["type": "string", "enum": ["region", "rss", "municipality", "state", "skr", "provider"]]]],
                                          "responses": ["200": ok(arrayOf(ref("Organisation")), "Organisationerna"), "400": badRequest]]],
    ]

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let ore: JSONValue = ["type": "integer", "description": "Belopp i öre"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let category: JSONValue = ["type": "string", "enum": ["regions", "municipalities", "skr", "joint", "national"]]
    static let date: JSONValue = ["type": "string", "format": "date"]

    static func object(_ required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
        ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
    }

    static let schemas: JSONValue = [
        "Error": object(["error", "reason"], [("error", ["type": "boolean"]), ("reason", string)]),
        "AgreementListItem": object(["year", "title", "frame_ore"], [
            ("year", integer), ("title", string), ("frame_ore", ore), ("area_count", integer), ("pot_count", integer),
            ("url", string), ("allocations_url", string)]),
        "Agreement": object(["year", "title", "frame_ore", "pots"], [
            ("year", integer), ("status", ["type": "string", "enum": ["draft", "published"]]),
            ("version", ["type": "integer", "description": "Version: 0 för ett utkast, 1 när den publiceras, +1 per ändringsöverenskommelse. Skickas den med PUT måste den vara den gällande."]),
            ("title", string), ("frame_ore", ore), ("summary", string), ("source", string),
            ("source_reference", string), ("signed_on", date),
            ("areas", arrayOf(object(["number", "title"], [
                ("number", integer), ("title", string), ("summary", string), ("stated_total_ore", ore),
                ("amounts", arrayOf(object(["category", "amount_ore"], [("category", category), ("purpose", string), ("amount_ore", ore)]))),
            ]))),
            ("pots", arrayOf(object(["id", "name", "category", "amount_ore", "key"], [
                ("id", string), ("name", string), ("category", category), ("amount_ore", ore),
                ("key", ["type": "string", "enum": ["population", "fixed", "quantity"]]),
                ("key_unit", string), ("stated_reference_date", date), ("note", string),
                ("fixed_amounts", arrayOf(object(["code", "amount_ore"], [("code", string), ("amount_ore", ore)]))),
                ("quantity_deadline", date),
            ]))),
            ("conditions", arrayOf(string)),
            ("milestones", arrayOf(object(["date", "kind", "title"], [
                ("date", date), ("kind", ["type": "string", "enum": .array(MilestoneKind.allCases.map { .string($0.rawValue) })]), ("title", string),
                ("responsible", string), ("recipient", string)]))),
            ("stated_receipts", arrayOf(object(["pot", "code", "amount_ore"], [
                ("pot", string), ("code", string), ("amount_ore", ore), ("source", string), ("reference_date", date)]))),
            ("amendment", object(["date", "reason", "reference"], [("date", date), ("reason", string), ("reference", string)])),
        ]),
        "Refusal": object(["error", "reason", "problems"], [
            ("error", ["type": "boolean"]), ("reason", string),
            ("problems", arrayOf(object(["path", "message"], [("path", string), ("message", string)])))]),
        "Allocations": object(["year", "pots"], [("year", integer), ("pots", arrayOf(ref("PotAllocation")))]),
        "PotAllocation": object(["id", "name", "category", "amount_ore", "key", "reference_date", "allocations"], [
            ("id", string), ("name", string), ("category", category), ("amount_ore", ore),
            ("key", ["type": "string", "enum": ["population", "fixed", "quantity"]]),
            ("status", ["type": "string", "enum": ["allocated", "pending"]]), ("pending_reason", nullableString),
            ("version", ["type": ["integer", "null"]]), ("is_current", ["type": "boolean"]),
            ("reference_date", nullableString),
            ("population_table", ["type": ["object", "null"], "properties": [
                "reference_date": string, "level": string, "source": string, "total": integer]]),
            ("total_ore", ore),
            ("allocations", arrayOf(object(["code", "name", "amount_ore"], [
                ("code", ["type": "string", "description": "Länskod för en region eller ett läns RSS; organisationskod annars"]),
                ("name", string), ("population", ["type": ["integer", "null"]]),
                ("share", ["type": ["number", "null"]]), ("amount_ore", ore), ("note", nullableString)]))),
        ]),
        "PopulationTable": object(["id", "reference_date", "level"], [
            ("id", string), ("reference_date", ["type": "string", "format": "date"]),
            ("level", ["type": "string", "enum": ["county", "municipality"]]), ("source", string),
            ("row_count", integer), ("total", integer), ("imported_at", ["type": "string", "format": "date-time"]),
            ("imported_by", string)]),
        "Requisition": object(["id", "agreement_year", "amount_ore", "state"], [
            ("id", string), ("agreement_year", integer), ("organisation", string), ("amount_ore", ore),
            ("state", ["type": "string", "enum": ["draft", "attested", "awaiting_second_approval", "approved", "rejected"]]), ("areas", ["type": "object"])]),
        "Payment": object(["id", "reference", "amount_ore", "payment_date", "status"], [
            ("id", string), ("reference", string), ("amount_ore", ore), ("payment_date", ["type": "string", "format": "date"]),
            ("status", ["type": "string", "enum": ["planned", "paid"]])]),
        "Plan": object(["year", "code", "allocated_ore", "planned_ore", "left_ore", "areas"], [
            ("year", integer), ("code", string), ("organisation", string), ("allocated_ore", ore), ("planned_ore", ore), ("left_ore", ore),
            ("warnings", arrayOf(string)),
            ("areas", arrayOf(object(["number", "planned_ore", "lines"], [
                ("number", integer), ("title", string), ("planned_ore", ore),
                ("lines", arrayOf(object(["title", "amount_ore"], [("title", string), ("amount_ore", ore)])))]))),
        ]),
        "FormItem": object(["id", "form_id", "title", "version"], [("id", ["type": "string", "format": "uuid"]), ("form_id", string), ("title", string),
                                                                   ("version", integer), ("question_count", integer), ("url", string)]),
        "ReportItem": object(["id", "title", "status", "version", "deadline"], [
            ("id", string), ("title", string), ("organisation", string), ("agreement_year", integer),
            ("report_kind", ["type": "string", "enum": ["interim", "final", "action_plan", "vfu"]]), ("form_id", string),
            ("status", ["type": "string", "enum": ["not_started", "started", "submitted", "late", "completion_requested", "approved"]]),
            ("version", integer), ("deadline", ["type": "string", "format": "date"]), ("submitted_at", nullableString)]),
        "Answer": object(["question_id", "value", "revision"], [
            ("question_id", string), ("value", ["type": "string", "description": "Lagrat värde: valt alternativ, JSON-lista, heltal, öre, hundradels procent, ISO-datum eller JSON-tabell"]),
            ("display", string), ("comment", string), ("revision", integer), ("updated_at", nullableString), ("updated_by", nullableString)]),
        "ReportDetail": object(["report", "answers", "attachments"], [("report", ref("ReportItem")), ("answers", arrayOf(ref("Answer"))),
                                                                     ("attachments", arrayOf(ref("Attachment")))]),
        "Attachment": object(["id", "question_id", "file_name", "size", "content_type", "url"], [
            ("id", ["type": "string", "format": "uuid"]), ("question_id", string), ("file_name", string), ("size", integer),
            ("content_type", string), ("url", string)]),
        "SaveAnswer": object(["revision"], [
            ("value", ["type": "string", "description": "Som en person skriver, t.ex. 1 050 000 eller 5,8 mnkr"]),
            ("values", arrayOf(string)), ("cells", ["type": "object"]), ("comment", string), ("revision", integer)]),
        "SavedAnswer": object(["answer", "saved_at"], [("answer", ref("Answer")), ("saved_at", ["type": "string", "format": "date-time"]), ("others", arrayOf(string))]),
        "AnswerConflict": object(["error", "reason", "current"], [("error", ["type": "boolean"]), ("reason", string), ("current", ref("Answer"))]),
        "Me": object(["person", "organisation", "role", "authenticated_by", "memberships"], [
            ("person", object(["id", "name", "email"], [("id", string), ("name", string), ("email", string)])),
            ("organisation", ref("OrganisationRef")),
            ("role", ["type": "string", "enum": ["administrator", "analyst", "payer", "recipient_editor", "recipient_viewer", "provider"]]),
            ("authenticated_by", ["type": "string", "enum": ["token", "session"]]),
            ("memberships", arrayOf(object(["organisation", "role"], [("organisation", ref("OrganisationRef")), ("role", string)]))),
        ]),
        "QuestionAggregation": object(["form_id", "question_id", "number", "text", "type", "year", "submitted_reports", "respondents", "generated_demo_data"], [
            ("form_id", string), ("question_id", string), ("number", string), ("text", string), ("type", string), ("year", integer),
            ("submitted_reports", integer), ("respondents", integer),
            ("options", arrayOf(ref("OptionCount"))),
            ("by_county", arrayOf(object(["county_code", "county_name", "options"], [("county_code", string), ("county_name", string), ("options", arrayOf(ref("OptionCount")))]))),
            ("numbers", object(["count", "sum", "median", "min", "max"], [("count", integer), ("sum", integer), ("median", ["type": "number"]), ("min", integer), ("max", integer)])),
            ("generated_demo_data", ["type": "boolean"])]),
        "OptionCount": object(["label", "count"], [("label", string), ("count", integer)]),
        "SearchResult": object(["query", "total", "hits"], [("query", string), ("total", integer), ("hits", arrayOf(object(
            ["report_id", "recipient", "county_code", "year", "form_id", "question_id", "snippet", "matches"],
            [("report_id", ["type": "string", "format": "uuid"]), ("recipient", string), ("county_code", string), ("year", integer), ("form_id", string),
             ("question_id", string), ("snippet", string), ("matches", arrayOf(string))])))]),
        "OrganisationRef": object(["id", "kind", "code", "name"], [("id", string), ("kind", string), ("code", string), ("name", string)]),
        "Member": object(["id", "name", "email", "role", "active", "finance_director"], [
            ("id", ["type": "string", "format": "uuid"]), ("name", string), ("email", string), ("role", string), ("active", ["type": "boolean"]),
            ("finance_director", ["type": "boolean"])]),
        "Membership": object(["id", "person_id", "person", "organisation_id", "organisation", "role", "finance_director"], [
            ("id", ["type": "string", "format": "uuid"]), ("person_id", ["type": "string", "format": "uuid"]), ("person", string),
            ("organisation_id", ["type": "string", "format": "uuid"]), ("organisation", string), ("role", string),
            ("finance_director", ["type": "boolean"])]),
        "Organisation": object(["id", "kind", "code", "name"], [
            ("id", ["type": "string", "format": "uuid"]), ("kind", string), ("code", string), ("name", string), ("county_code", nullableString)]),
    ]
}
