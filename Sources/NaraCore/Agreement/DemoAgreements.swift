/// The three agreements of the source documents, encoded as data. Figures are the documents'
/// own; the summaries are short paraphrases written for Nära. Where a document gives no
/// amount (the 2024 areas) the model holds none.
public enum DemoAgreements {
    /// All three, oldest first.
    public static func all() -> [Agreement] {
        // The figures below are checked by the Agreement initialiser; a mistake here is a bug.
        do { return [try agreement2019(), try agreement2023(), try agreement2024()] } catch {
            preconditionFailure("demo agreement does not reconcile: \(error)")
        }
    }

    /// 2019, from the document on the use of the 2019 national investment (seed `004_…`),
    /// which states the frame, the three areas, the key and Region Jämtland Härjedalen's share.
    public static func agreement2019() throws -> Agreement {
        try Agreement(
            year: 2019,
            title: "Överenskommelse om God och nära vård 2019",
            frame: .mnkr("2430"),
            summary: "Staten och SKL avsätter 2 430 miljoner kronor för 2019 till omställningen till en god och nära vård, bättre tillgänglighet i primärvården och ökad samordning och delaktighet. Medlen fördelas till landstingen (regionerna) efter befolkningsandel.",
            source: "Användning av nationell satsning God och nära vård 2019 (Region Jämtland Härjedalen)",
            areas: [
                DevelopmentArea(number: 1, title: "Omställning till god och nära vård",
                                summary: "Insatser som stödjer omställningen med särskilt fokus på primärvården, utifrån utredningens målbild och färdplan (SOU 2018:39), samt en nulägesrapport."),
                DevelopmentArea(number: 2, title: "Förbättra och utveckla tillgängligheten i primärvården",
                                summary: "Nya arbetssätt och andra insatser som stödjer den förstärkta vårdgarantin i primärvården."),
                DevelopmentArea(number: 3, title: "Patientkontrakt och andra sätt att främja samordning, samverkan och ökad delaktighet",
                                summary: "Förutsättningar för samordnade vårdinsatser, samverkan mellan vårdaktörer och patientens delaktighet, bland annat genom patientkontrakt och fast vårdkontakt."),
            ],
            pots: [
                Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("2430"), key: .populationShare,
                    statedReferenceDate: .make(2018, 11, 1),
                    note: "Underlaget anger hela ramen och att medlen fördelas i relation till befolkningsandel den 1 november 2018, men inte om någon del av ramen går till SKL. Här fördelas hela ramen till regionerna."),
            ],
            conditions: [
                "Landstingen ska uppfylla de grundläggande kraven och, med stöd av SKL, redovisa genomförda insatser, kostnader och resultat för varje utvecklingsområde.",
                "Landstingen ska lämna en nulägesrapport om var de befinner sig i omställningen till god och nära vård.",
                "Alla besök i primärvården ska rapporteras till den nationella väntetidsdatabasen.",
                "Dokumenterade rutiner för fast vårdkontakt ska vara införda i verksamheten; breddinförandet av webbtidbokning och patientkontrakt på 1177 Vårdguiden ska stödjas.",
                "Överenskommelsen omfattar offentligt finansierad vård oavsett vem som utför den.",
            ],
            milestones: [],
            statedReceipts: [
                StatedReceipt(potID: "regioner", code: "23", amount: .mnkr("30.6"),
                              source: "Region Jämtland Härjedalen erhåller 30,6 mkr, fördelat i relation till befolkningsandel (underlag 004, Användning av nationell satsning God och nära vård 2019).",
                              referenceDate: .make(2018, 11, 1)),
            ])
    }

    /// 2023, from SKR's page on the 2023 agreement (seed `003_…`).
    public static func agreement2023() throws -> Agreement {
        try Agreement(
            year: 2023,
            title: "Överenskommelse om en God och nära vård 2023",
            frame: .mnkr("6394.5"),
            summary: "Staten och SKR vidareutvecklar den nära vården under 2023: 5 043 miljoner kronor till regionerna (varav 300 miljoner för primärvård i landsbygd), 1 050 miljoner till kommunerna via RSS, 250 miljoner gemensamt för fler VFU-veckor i sjuksköterskeutbildningen och 51,5 miljoner till SKR.",
            source: "SKR: Överenskommelse om en God och nära vård 2023 (publicerad 4 april 2023)",
            areas: [
                DevelopmentArea(number: 1, title: "Utvecklingen av den nära vården med primärvården som nav",
                                summary: "Samordning, tillgänglighet, kontinuitet, patientkontrakt, samskapande med patienter och närstående, hälsofrämjande arbete och primärvård i landsbygd.",
                                statedTotal: .mnkr("3139"),
                                amounts: [AreaAmount(.regions, .mnkr("2389")), AreaAmount(.municipalities, .mnkr("750"))]),
                DevelopmentArea(number: 2, title: "Goda förutsättningar för vårdens medarbetare",
                                summary: "Övergripande insatser för medarbetarna, specialistsjuksköterskeutbildning, karriärvägar för specialistsjuksköterskor och fler VFU-veckor.",
                                statedTotal: .mnkr("3049"),
                                amounts: [
                                    AreaAmount(.regions, .mnkr("1999"), purpose: "Övergripande insatser"),
                                    AreaAmount(.municipalities, .mnkr("200"), purpose: "Övergripande insatser"),
                                    AreaAmount(.regions, .mnkr("400"), purpose: "Specialistsjuksköterskeutbildning"),
                                    AreaAmount(.municipalities, .mnkr("100"), purpose: "Specialistsjuksköterskeutbildning"),
                                    AreaAmount(.regions, .mnkr("100"), purpose: "Utvecklings- och karriärmöjligheter för specialistsjuksköterskor"),
                                    AreaAmount(.joint, .mnkr("250"), purpose: "Utökat antal VFU-veckor i sjuksköterskeutbildningen"),
                                ]),
                DevelopmentArea(number: 3, title: "Insatser inom ramen för Vision e-hälsa 2025",
                                summary: "Strukturerad vårdinformation och standardisering: nya eller pågående insatser och att behålla effekter av tidigare satsningar.",
                                statedTotal: .mnkr("70"), amounts: [AreaAmount(.regions, .mnkr("70"))]),
                DevelopmentArea(number: 4, title: "Förstärkning av ambulanssjukvården",
                                summary: "Stöd till utvecklingen av ambulanssjukvården.",
                                statedTotal: .mnkr("85"), amounts: [AreaAmount(.regions, .mnkr("85"))]),
            ],
            pots: [
                Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("5043"), key: .populationShare,
                    note: "Av regionernas medel är 300 miljoner kronor avsatta för utveckling av primärvård i landsbygd; underlaget anger ingen egen fördelningsnyckel för dem, så hela potten fördelas efter befolkningsandel. Underlaget anger inte referensdatum för befolkningen."),
                Pot(id: "kommuner", name: "Kommuner via RSS", category: .municipalities, amount: .mnkr("1050"), key: .populationShare,
                    note: "Medlen till kommunerna betalas till länets regionala samverkans- och stödstruktur (RSS), där kommunerna ska ha stor påverkan på hur de används. Underlaget anger inte referensdatum för befolkningen."),
                Pot(id: "vfu", name: "VFU-veckor, regioner och kommuner", category: .joint, amount: .mnkr("250"),
                    key: .reportedQuantity(unit: "VFU-veckor"),
                    note: "Fördelas till regioner och kommuner som utökar antalet VFU-veckor för sjuksköterskestudenter, efter redovisning till Socialstyrelsen senast 31 mars 2023.",
                    quantityDeadline: .make(2023, 3, 31)),
                Pot(id: "skr", name: "SKR", category: .skr, amount: .mnkr("51.5"), key: .fixed(["SKR": .mnkr("51.5")]),
                    note: "För SKR:s stöd till regioner och kommuner i omställningen till nära vård."),
            ],
            conditions: [
                "Medlen till regionerna och RSS betalas ut engångsvis efter rekvisition till Kammarkollegiet.",
                "Medlen till kommunerna betalas till RSS; kommunerna eller annan huvudman för den kommunala hälso- och sjukvården ska ha stor påverkan på hur de används.",
                "Regionerna och RSS ska redovisa genomförda insatser, uppnådda resultat och hur medlen använts.",
                "Genomförandet av handlingsplanerna för patientkontrakt och för kontinuitet, fast vårdkontakt och fast läkarkontakt (inskickade 30 september 2021) redovisas i del- och slutredovisningen.",
                "Medel för utökat antal VFU-veckor förutsätter en redovisning till Socialstyrelsen senast 31 mars 2023.",
            ],
            milestones: [
                Milestone(date: .make(2023, 3, 31), kind: .quantityReport, title: "Redovisning av utökat antal VFU-veckor",
                          responsible: "Regioner och kommuner", recipient: "Socialstyrelsen"),
                Milestone(date: .make(2023, 9, 30), kind: .interimReport, title: "SKR:s delredovisning av pågående och planerad verksamhet",
                          responsible: "SKR", recipient: "Socialdepartementet"),
                Milestone(date: .make(2023, 12, 1), kind: .requisition, title: "Sista dag för rekvisition av medel",
                          responsible: "Regioner och RSS", recipient: "Kammarkollegiet"),
                Milestone(date: .make(2024, 3, 31), kind: .finalReport, title: "Slutredovisning för hela 2023",
                          responsible: "Regioner och RSS", recipient: "Socialstyrelsen och SKR"),
                Milestone(date: .make(2024, 3, 31), kind: .financialReport, title: "Ekonomisk redovisning för kalenderåret 2023",
                          responsible: "Regioner och RSS", recipient: "Kammarkollegiet"),
                Milestone(date: .make(2024, 3, 31), kind: .finalReport, title: "SKR:s slutredovisning av verksamheten 2023",
                          responsible: "SKR", recipient: "Socialdepartementet"),
                Milestone(date: .make(2024, 3, 31), kind: .financialReport, title: "SKR:s ekonomiska redovisning för 2023",
                          responsible: "SKR", recipient: "Kammarkollegiet"),
            ])
    }

    /// 2024, from SKR's page on the 2024 agreement (seed `000_…`): frame and pots, nine areas
    /// without amounts.
    public static func agreement2024() throws -> Agreement {
        let areas: [(String, String)] = [
            ("Stöd till omställningsarbetet", "Personcentrerade insatser, särskilt samverkan mellan region och kommun, proaktiva och hälsofrämjande arbetssätt, att undvika slutenvård, ändamålsenligt resursutnyttjande och privata aktörers medverkan."),
            ("Hälsofrämjande, förebyggande och habiliterande/rehabiliterande arbetssätt", "Förebygga kroniska och långvariga sjukdomar, hjälpa personer att återvinna eller behålla hälsa och funktionsförmåga, och samverka kring försäkringsmedicin."),
            ("Stöd till att förbättra tillgängligheten i primärvården", "Digital och fysisk tillgänglighet och den förstärkta vårdgarantin, med särskild hänsyn till glesbygd, socioekonomiskt utsatta områden och äldre i kommunal vård."),
            ("Stöd till relationsskapande och ökad kontinuitet i vården", "Fortsatt införande av patientkontrakt enligt handlingsplanerna och samverkan med den kommunala hälso- och sjukvården."),
            ("Stöd för ökad delaktighet och medskapande, dokumenterad överenskommelse", "Fortsatt arbete med dokumenterade överenskommelser (tidigare patientkontrakt) för delaktighet, samordning och tillgänglighet."),
            ("Insatser för att utveckla primärvården i landsbygd", "Nya arbetssätt och modeller, digitala lösningar, teambaserat arbete och samverkan mellan huvudmännen i länet."),
            ("Insatser för goda förutsättningar för vårdens medarbetare", "Rekrytering, utvecklade arbetssätt, bättre användning av kompetens, nya samarbeten och arbetsmiljö."),
            ("En ändamålsenlig kompetensförsörjning för omställningen till en Nära vård", "Kompetenshöjande insatser och utvecklade arbetssätt, med stärkt samverkan mellan regioner och kommuner."),
            ("Regioner och kommuner ska genomföra insatser för att främja kompetensförsörjningen", "Kompetenshöjning, arbetssätt och samverkan; insatserna ska nå både kvinnor och män."),
        ]
        return try Agreement(
            year: 2024,
            title: "Överenskommelse om en God och nära vård 2024",
            frame: .mnkr("3200"),
            summary: "Fortsatt stöd till nio utvecklingsområden för nära vård: 2 420 miljoner kronor till regionerna, 750 miljoner till kommunerna och 30 miljoner till SKR:s stöd till omställningen.",
            source: "SKR: Fortsatt stöd till centrala utvecklingsområden för Nära vård (publicerad 21 december 2023)",
            areas: areas.enumerated().map { DevelopmentArea(number: $0.offset + 1, title: $0.element.0, summary: $0.element.1) },
            pots: [
                Pot(id: "regioner", name: "Regioner", category: .regions, amount: .mnkr("2420"), key: .populationShare,
                    note: "Underlaget anger inte referensdatum för befolkningen."),
                Pot(id: "kommuner", name: "Kommuner via RSS", category: .municipalities, amount: .mnkr("750"), key: .populationShare,
                    note: "Medlen till kommunerna betalas till länets RSS. Underlaget anger inte referensdatum för befolkningen."),
                Pot(id: "skr", name: "SKR", category: .skr, amount: .mnkr("30"), key: .fixed(["SKR": .mnkr("30")]),
                    note: "För SKR:s arbete med att stödja kommuner och regioner i omställningen till nära vård."),
            ],
            conditions: [
                "Samtliga insatser ska utgå från ett personcentrerat förhållningssätt.",
                "Regionerna och kommunerna bör samverka inom länet för att stärka primärvården i landsbygd.",
                "Insatserna för kompetensförsörjning ska nå både kvinnor och män.",
            ],
            milestones: [])
    }
}
