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
    static let signedIn: JSONValue = [["bearer": []], ["session": []]]

    static let paths: JSONValue = [
        "/api/v1/me": ["get": ["summary": "Vem anroparen är: person, organisation och roll", "operationId": "me", "security": signedIn,
                               "responses": ["200": ok(ref("Me"), "Anroparen"), "401": unauthorized]]],
        "/api/v1/organisations/{org}/members": ["get": [
            "summary": "Personer med konto i en organisation (egen organisation, eller nationell läsbehörighet)", "operationId": "listMembers",
            "security": signedIn,
            "parameters": [["name": "org", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
            "responses": ["200": ok(arrayOf(ref("Member")), "Personerna"), "401": unauthorized, "403": forbidden, "404": notFound]]],
        "/health": ["get": ["summary": "Hälsokontroll", "operationId": "health", "responses": ["200": ["description": "Tjänsten är uppe"]]]],
        "/api/v1/openapi.json": ["get": ["summary": "Det här dokumentet", "operationId": "openapi",
                                         "responses": ["200": ok(["type": "object"], "OpenAPI-dokumentet")]]],
        "/api/v1/agreements": ["get": ["summary": "Alla överenskommelser", "operationId": "listAgreements",
                                       "responses": ["200": ok(arrayOf(ref("AgreementListItem")), "Överenskommelser, äldst först")]]],
        "/api/v1/agreements/{year}": ["get": ["summary": "En överenskommelse med områden, potter, villkor och tidpunkter",
                                              "operationId": "getAgreement", "parameters": [yearParameter],
                                              "responses": ["200": ok(ref("Agreement"), "Överenskommelsen"), "404": notFound]]],
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
    static let category: JSONValue = ["type": "string", "enum": ["regions", "municipalities", "skr", "joint"]]

    static func object(_ required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
        ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
    }

    static let schemas: JSONValue = [
        "Error": object(["error", "reason"], [("error", ["type": "boolean"]), ("reason", string)]),
        "AgreementListItem": object(["year", "title", "frame_ore"], [
            ("year", integer), ("title", string), ("frame_ore", ore), ("area_count", integer), ("pot_count", integer),
            ("url", string), ("allocations_url", string)]),
        "Agreement": object(["year", "title", "frame_ore", "areas", "pots"], [
            ("year", integer), ("title", string), ("frame_ore", ore), ("summary", string), ("source", string),
            ("areas", arrayOf(object(["number", "title", "amounts"], [
                ("number", integer), ("title", string), ("summary", string),
                ("stated_total_ore", ["type": ["integer", "null"]]),
                ("amounts", arrayOf(object(["category", "amount_ore"], [("category", category), ("purpose", string), ("amount_ore", ore)]))),
            ]))),
            ("pots", arrayOf(object(["id", "name", "category", "amount_ore", "key"], [
                ("id", string), ("name", string), ("category", category), ("amount_ore", ore),
                ("key", ["type": "string", "enum": ["population", "fixed", "quantity"]]),
                ("key_unit", nullableString), ("stated_reference_date", nullableString), ("note", string),
            ]))),
            ("conditions", arrayOf(string)),
            ("milestones", arrayOf(object(["date", "kind", "title"], [
                ("date", ["type": "string", "format": "date"]), ("kind", string), ("title", string),
                ("responsible", string), ("recipient", string)]))),
        ]),
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
        "Me": object(["person", "organisation", "role", "authenticated_by", "memberships"], [
            ("person", object(["id", "name", "email"], [("id", string), ("name", string), ("email", string)])),
            ("organisation", ref("OrganisationRef")),
            ("role", ["type": "string", "enum": ["administrator", "analyst", "payer", "recipient_editor", "recipient_viewer", "provider"]]),
            ("authenticated_by", ["type": "string", "enum": ["token", "session"]]),
            ("memberships", arrayOf(object(["organisation", "role"], [("organisation", ref("OrganisationRef")), ("role", string)]))),
        ]),
        "OrganisationRef": object(["id", "kind", "code", "name"], [("id", string), ("kind", string), ("code", string), ("name", string)]),
        "Member": object(["name", "email", "role", "active"], [("name", string), ("email", string), ("role", string), ("active", ["type": "boolean"])]),
        "Organisation": object(["id", "kind", "code", "name"], [
            ("id", ["type": "string", "format": "uuid"]), ("kind", string), ("code", string), ("name", string), ("county_code", nullableString)]),
    ]
}
