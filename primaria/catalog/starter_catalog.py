# i18n: ro (the starter catalog is data, Romanian by design)
"""Catalogul de pornire al unei primării: serviciile obișnuite ale unei primării din România, ca date Python simple.

Fișierul nu importă nimic din Django: îl încarcă `primaria.catalog.starter` în catalogul fiecărei primării noi
(`manage.py add_city_hall`) și în orașul demonstrativ; administratorul îl adaptează apoi din pagina de administrare.
Termenele, taxele și documentele urmează legislația în vigoare și practica obișnuită a primăriilor;
taxele stabilite prin hotărâre a consiliului local (HCL) au valori realiste pentru un municipiu mediu.
"""

DOCUMENT_TYPES = [
    {
        "code": "act_identitate",
        "name": "Act de identitate (copie)",
        "validity_days": None,
        "description": "Carte de identitate, carte electronică de identitate, carte de identitate provizorie sau pașaport, în termen de valabilitate.",
    },
    {
        "code": "imputernicire",
        "name": "Împuternicire sau procură",
        "validity_days": None,
        "description": "Procură notarială, împuternicire avocațială sau delegație a persoanei juridice, când cererea este depusă de un reprezentant.",
    },
    {
        "code": "certificat_inregistrare_onrc",
        "name": "Certificat de înregistrare ONRC (copie)",
        "validity_days": None,
        "description": "Certificatul de înregistrare eliberat de Oficiul Național al Registrului Comerțului, cu codul unic de înregistrare (CUI).",
    },
    {
        "code": "certificat_constatator_onrc",
        "name": "Certificat constatator ONRC",
        "validity_days": 30,
        "description": "Certificat constatator din care rezultă punctul de lucru și activitățile autorizate (coduri CAEN); se acceptă dacă nu este mai vechi de 30 de zile.",
    },
    {
        "code": "act_proprietate",
        "name": "Act de proprietate (copie)",
        "validity_days": None,
        "description": "Contract de vânzare-cumpărare, certificat de moștenitor, contract de donație, titlu de proprietate, hotărâre judecătorească definitivă sau alt act care atestă dreptul real.",
    },
    {
        "code": "extras_carte_funciara",
        "name": "Extras de carte funciară pentru informare",
        "validity_days": 30,
        "description": "Extras eliberat de Oficiul de Cadastru și Publicitate Imobiliară (OCPI) sau prin ePay ANCPI, nu mai vechi de 30 de zile.",
    },
    {
        "code": "plan_situatie",
        "name": "Plan de încadrare în zonă și plan de situație",
        "validity_days": None,
        "description": "Plan de încadrare în zonă și plan de situație sau extras de plan cadastral, la scara 1:500–1:5000, cu imobilul marcat vizibil.",
    },
    {
        "code": "certificat_urbanism",
        "name": "Certificat de urbanism (copie)",
        "validity_days": None,
        "description": "Certificatul de urbanism emis pentru scopul solicitat; trebuie să fie în perioada de valabilitate înscrisă pe el (între 6 și 24 de luni).",
    },
    {
        "code": "dtac",
        "name": "Documentație tehnică pentru autorizarea executării lucrărilor de construire (D.T.A.C.)",
        "validity_days": None,
        "description": "Proiectul pentru autorizare, întocmit și semnat de proiectanți autorizați și verificat de verificatori atestați, conform Legii nr. 50/1991.",
    },
    {
        "code": "avize_acorduri",
        "name": "Avize și acorduri cerute prin certificatul de urbanism",
        "validity_days": None,
        "description": "Avizele deținătorilor de utilități, actul administrativ al autorității pentru protecția mediului și celelalte avize sau acorduri enumerate în certificatul de urbanism.",
    },
    {
        "code": "dovada_plata",
        "name": "Dovada plății",
        "validity_days": None,
        "description": "Chitanță, ordin de plată sau confirmarea plății online (ghiseul.ro ori plata cu cardul în platformă).",
    },
    {
        "code": "extras_cont",
        "name": "Extras de cont sau dovada contului IBAN",
        "validity_days": None,
        "description": "Document emis de bancă din care rezultă titularul contului și codul IBAN.",
    },
    {
        "code": "certificat_nastere",
        "name": "Certificat de naștere (copie)",
        "validity_days": None,
        "description": "Certificatul de naștere al persoanei pentru care se solicită serviciul (de exemplu, al copilului).",
    },
    {
        "code": "certificat_casatorie",
        "name": "Certificat de căsătorie",
        "validity_days": None,
        "description": "Certificatul de căsătorie eliberat de ofițerul de stare civilă; la divorț se depune în original.",
    },
    {
        "code": "adeverinta_venit",
        "name": "Adeverință de venit",
        "validity_days": 30,
        "description": "Adeverință eliberată de angajator, de casa de pensii sau de ANAF privind veniturile realizate, nu mai veche de 30 de zile.",
    },
    {
        "code": "certificat_atestare_fiscala",
        "name": "Certificat de atestare fiscală",
        "validity_days": 30,
        "description": "Certificat emis de organul fiscal local privind obligațiile de plată către bugetul local, valabil 30 de zile de la eliberare.",
    },
    {
        "code": "decizie_suspendare_cim",
        "name": "Decizia de suspendare a contractului individual de muncă",
        "validity_days": None,
        "description": "Decizia angajatorului privind suspendarea contractului de muncă pe durata concediului pentru creșterea copilului.",
    },
    {
        "code": "dovada_scolarizare",
        "name": "Adeverință de elev",
        "validity_days": 30,
        "description": "Adeverință eliberată de unitatea de învățământ care atestă frecventarea cursurilor de către copil.",
    },
    {
        "code": "certificat_handicap",
        "name": "Certificat de încadrare în grad de handicap",
        "validity_days": None,
        "description": "Certificatul emis de comisia de evaluare a persoanelor adulte sau a copiilor cu handicap; trebuie să fie în termenul de valabilitate înscris pe el.",
    },
    {
        "code": "document_calitate_beneficiar",
        "name": "Document care atestă calitatea de beneficiar al unei facilități fiscale",
        "validity_days": None,
        "description": "Legitimație, brevet, decizie sau hotărâre a comisiei competente (de exemplu, pentru veterani de război sau persoane persecutate politic).",
    },
    {
        "code": "act_detinere_spatiu",
        "name": "Act de deținere a spațiului",
        "validity_days": None,
        "description": "Act de proprietate, contract de închiriere, de comodat sau de concesiune pentru spațiul sau locuința în cauză.",
    },
    {
        "code": "acord_asociatie_proprietari",
        "name": "Acordul asociației de proprietari și al vecinilor direct afectați",
        "validity_days": None,
        "description": "Necesar când spațiul comercial se află într-un imobil cu locuințe colective.",
    },
    {
        "code": "inregistrare_sanitar_veterinara",
        "name": "Document de înregistrare sanitar-veterinară și pentru siguranța alimentelor",
        "validity_days": None,
        "description": "Documentul emis de Direcția Sanitar-Veterinară și pentru Siguranța Alimentelor (DSVSA) pentru unitatea de alimentație publică.",
    },
    {
        "code": "act_provenienta_vehicul",
        "name": "Documentul de proveniență a vehiculului",
        "validity_days": None,
        "description": "Factură, contract de vânzare-cumpărare, act de donație sau alt document care atestă dobândirea vehiculului.",
    },
    {
        "code": "fisa_tehnica_vehicul",
        "name": "Fișa tehnică sau cartea de identitate a vehiculului",
        "validity_days": None,
        "description": "Documentul tehnic al producătorului sau cartea de identitate a vehiculului, cu seria de șasiu și caracteristicile tehnice.",
    },
    {
        "code": "polita_rca",
        "name": "Poliță de asigurare obligatorie RCA",
        "validity_days": None,
        "description": "Poliță de asigurare de răspundere civilă auto, în termenul de valabilitate înscris pe ea.",
    },
    {
        "code": "certificat_inregistrare_vehicul",
        "name": "Certificat de înregistrare a vehiculului (original)",
        "validity_days": None,
        "description": "Certificatul de înregistrare eliberat de primărie pentru vehiculele care nu se supun înmatriculării.",
    },
    {
        "code": "document_radiere_vehicul",
        "name": "Documentul justificativ pentru radiere",
        "validity_days": None,
        "description": "Contract de înstrăinare, certificat de distrugere, dovada declarării furtului la poliție sau alt document care justifică radierea.",
    },
    {
        "code": "documente_probatorii",
        "name": "Documente doveditoare (anexe)",
        "validity_days": None,
        "description": "Înscrisuri, fotografii sau alte documente pe care solicitantul dorește să le anexeze în sprijinul cererii.",
    },
]

CATEGORIES = [
    {"code": "urbanism", "name": "Urbanism și amenajarea teritoriului", "order": 1},
    {"code": "taxe", "name": "Impozite și taxe locale", "order": 2},
    {"code": "stare_civila", "name": "Stare civilă și evidența persoanelor", "order": 3},
    {"code": "asistenta_sociala", "name": "Asistență socială", "order": 4},
    {"code": "comert", "name": "Comerț și autorizări", "order": 5},
    {"code": "transport", "name": "Transport și circulație", "order": 6},
    {"code": "informatii_publice", "name": "Informații publice și petiții", "order": 7},
    {"code": "relatii_cetateni", "name": "Relații cu cetățenii", "order": 8},
]

# Semnatari folosiți de mai multe servicii.
_URB_SIGNERS = [
    {"role": "specialist", "function": "Inspector de specialitate, Direcția Urbanism", "capacity": "Întocmit"},
    {"role": "head", "function": "Arhitect-șef", "capacity": "Arhitect-șef"},
    {"role": "secretary_general", "function": "Secretar general al UAT", "capacity": "Secretar general al UAT"},
    {"role": "mayor", "function": "Primar", "capacity": "Primar"},
]

_ITL_SIGNERS = [
    {"role": "specialist", "function": "Inspector, Direcția Impozite și Taxe Locale", "capacity": "Întocmit"},
    {"role": "head", "function": "Director executiv, Direcția Impozite și Taxe Locale", "capacity": "Conducătorul organului fiscal local"},
]

_COMERT_SIGNERS = [
    {"role": "specialist", "function": "Inspector, Compartimentul Autorizări Comerciale", "capacity": "Întocmit"},
    {"role": "head", "function": "Director executiv, Direcția Impozite și Taxe Locale", "capacity": "Verificat"},
    {"role": "mayor", "function": "Primar", "capacity": "Primar"},
]

_STARE_CIVILA_SIGNERS = [
    {"role": "specialist", "function": "Inspector, Serviciul Stare Civilă", "capacity": "Întocmit"},
    {"role": "head", "function": "Șef serviciu Stare Civilă, ofițer de stare civilă delegat", "capacity": "Ofițer de stare civilă"},
]

_PETITII_SIGNERS = [
    {"role": "specialist", "function": "Consilier, compartimentul care a soluționat petiția", "capacity": "Întocmit"},
    {"role": "head", "function": "Șeful compartimentului care a soluționat petiția", "capacity": "Șef compartiment"},
    {"role": "mayor", "function": "Primar", "capacity": "Primar"},
]

SERVICES = [
    # ------------------------------------------------------------------ urbanism
    {
        "slug": "certificat-de-urbanism",
        "term_rule": "lege50_cu",
        "name": "Certificat de urbanism",
        "category": "urbanism",
        "department": "URB",
        "summary": "Actul de informare despre regimul juridic, economic și tehnic al unui imobil și despre avizele necesare pentru autorizare.",
        "description": (
            "Certificatul de urbanism vă spune ce se poate construi pe un teren sau într-o clădire, conform planurilor urbanistice "
            "aprobate, și ce avize și acorduri trebuie să obțineți înainte de autorizarea lucrărilor. Este obligatoriu pentru "
            "autorizația de construire sau de desființare și pentru unele operațiuni notariale (dezmembrare, alipire, "
            "înstrăinarea unui teren destinat construcțiilor). Nu este necesar să fiți proprietarul imobilului, deoarece actul are "
            "caracter de informare. Taxa se calculează în funcție de suprafața terenului, conform Codului fiscal și hotărârii "
            "consiliului local; valoarea afișată corespunde unui teren de 251–500 mp. Certificatul nu vă dă dreptul să începeți lucrările."
        ),
        "legal_basis": "Legea nr. 50/1991 privind autorizarea executării lucrărilor de construcții, republicată, art. 6 și art. 6^1; Normele metodologice aprobate prin Ordinul MDRT nr. 839/2009; Legea nr. 227/2015 privind Codul fiscal, art. 474",
        "applicant_kinds": ["person", "company"],
        "term_days": 15,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "9.00",
        "fields": [
            {"name": "adresa_imobil", "label": "Adresa imobilului", "kind": "address", "required": True,
             "help_text": "Strada, numărul și, dacă există, blocul și apartamentul imobilului pentru care cereți certificatul.",
             "choices": [], "max_length": None},
            {"name": "numar_cadastral", "label": "Număr cadastral / număr de carte funciară", "kind": "text", "required": False,
             "help_text": "Dacă imobilul este înscris în cartea funciară, trecerea numărului grăbește identificarea.",
             "choices": [], "max_length": 60},
            {"name": "suprafata_teren", "label": "Suprafața terenului (mp)", "kind": "number", "required": True,
             "help_text": "Suprafața din actele imobilului; în funcție de ea se stabilește taxa.",
             "choices": [], "max_length": None},
            {"name": "scop", "label": "Scopul solicitării", "kind": "choice", "required": True,
             "help_text": "Certificatul se emite numai pentru scopul declarat.",
             "choices": [
                 "Autorizarea executării lucrărilor de construire",
                 "Autorizarea lucrărilor de desființare",
                 "Operațiuni notariale privind circulația imobiliară",
                 "Concesionare de teren",
                 "Cereri în justiție",
                 "Alt scop prevăzut de lege",
             ],
             "max_length": None},
            {"name": "descriere_lucrari", "label": "Descrierea lucrărilor sau a operațiunii", "kind": "long_text", "required": True,
             "help_text": "De exemplu: construire locuință P+1E cu anexă, împrejmuire teren; sau: dezmembrare teren în două loturi.",
             "choices": [], "max_length": 2000},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True,
             "help_text": "Pentru clarificări legate de documentație.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "plan_situatie", "required": True, "note": "Plan de încadrare în zonă și plan de situație sau extras de plan cadastral eliberat de OCPI."},
            {"type": "dovada_plata", "required": True, "note": "Dovada achitării taxei pentru eliberarea certificatului de urbanism."},
            {"type": "extras_carte_funciara", "required": False, "note": "Pentru informare, dacă imobilul este intabulat."},
            {"type": "imputernicire", "required": False, "note": "Doar dacă cererea este depusă prin reprezentant."},
        ],
        "signers": _URB_SIGNERS,
        "issued": {"type": "certificat_urbanism", "validity_months": 12},  # set by the issuer (Legea 50/1991)
        "answer_title": "Certificat de urbanism",
        "answer_body": (
            "Ca urmare a cererii adresate de {{ applicant.name }}, înregistrată la nr. {{ registration_number }} din "
            "{{ registration_date }}, pentru imobilul situat în {{ data.adresa_imobil }}, cu suprafața de {{ data.suprafata_teren }} mp, "
            "{{ institution.name }} emite prezentul certificat de urbanism în scopul: {{ data.scop }}. "
            "Regimul juridic, economic și tehnic al imobilului este stabilit potrivit Planului Urbanistic General și Regulamentului "
            "Local de Urbanism aprobate. Obiectivul propus („{{ data.descriere_lucrari }}”) se va analiza în faza de autorizare pe baza "
            "avizelor și acordurilor enumerate în prezentul certificat. "
            "Certificatul de urbanism nu ține loc de autorizație de construire și nu conferă dreptul de a executa lucrări de construcții. "
            "Prezentul certificat este valabil 12 luni de la data emiterii."
        ),
    },
    {
        "slug": "autorizatie-de-construire",
        "term_rule": "lege50_ac",
        "name": "Autorizație de construire",
        "category": "urbanism",
        "department": "URB",
        "summary": "Actul care permite executarea lucrărilor de construire, extindere, modificare sau consolidare a unei clădiri.",
        "description": (
            "Autorizația de construire este actul final prin care primăria vă permite să executați lucrările, pe baza certificatului "
            "de urbanism, a documentației tehnice (D.T.A.C.) și a avizelor cerute. Cererea poate fi depusă de titularul unui drept "
            "real asupra imobilului (de regulă proprietarul). Taxa se calculează la emitere: 0,5% din valoarea autorizată a lucrărilor "
            "pentru clădiri rezidențiale și anexe, respectiv 1% pentru alte construcții, de aceea taxa afișată aici este zero. "
            "Înainte de începerea lucrărilor trebuie să anunțați primăria și Inspectoratul de Stat în Construcții."
        ),
        "legal_basis": "Legea nr. 50/1991 privind autorizarea executării lucrărilor de construcții, republicată, art. 7; Normele metodologice aprobate prin Ordinul MDRT nr. 839/2009; Legea nr. 227/2015 privind Codul fiscal, art. 474",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "adresa_imobil", "label": "Adresa imobilului", "kind": "address", "required": True,
             "help_text": "Adresa terenului sau a clădirii pe care se execută lucrările.", "choices": [], "max_length": None},
            {"name": "numar_cadastral", "label": "Număr cadastral", "kind": "text", "required": True,
             "help_text": "Numărul cadastral din extrasul de carte funciară.", "choices": [], "max_length": 60},
            {"name": "numar_certificat_urbanism", "label": "Numărul certificatului de urbanism", "kind": "text", "required": True,
             "help_text": "Certificatul trebuie să fie emis pentru autorizarea lucrărilor și să fie în termen de valabilitate.",
             "choices": [], "max_length": 40},
            {"name": "data_certificat_urbanism", "label": "Data emiterii certificatului de urbanism", "kind": "date", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "descriere_lucrari", "label": "Descrierea lucrărilor", "kind": "long_text", "required": True,
             "help_text": "Conform D.T.A.C.: tipul construcției, regimul de înălțime, suprafețele construită și desfășurată.",
             "choices": [], "max_length": 2000},
            {"name": "valoare_lucrari", "label": "Valoarea estimată a lucrărilor (lei)", "kind": "number", "required": True,
             "help_text": "Valoarea din devizul general; pe baza ei se calculează taxa de autorizare.", "choices": [], "max_length": None},
            {"name": "durata_executie_luni", "label": "Durata estimată de execuție (luni)", "kind": "number", "required": True,
             "help_text": "Durata propusă de proiectant pentru executarea lucrărilor.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "certificat_urbanism", "required": True, "note": "Emis pentru scopul „autorizarea executării lucrărilor de construire”."},
            {"type": "extras_carte_funciara", "required": True, "note": "Dovedește dreptul real asupra imobilului; nu mai vechi de 30 de zile."},
            {"type": "dtac", "required": True, "note": "În format electronic, semnată de proiectanți și verificatori."},
            {"type": "avize_acorduri", "required": True, "note": "Toate avizele și acordurile cerute prin certificatul de urbanism, inclusiv actul emis de autoritatea de mediu."},
            {"type": "imputernicire", "required": False, "note": "Doar dacă cererea este depusă prin reprezentant."},
        ],
        "signers": _URB_SIGNERS,
        "answer_title": "Autorizație de construire",
        "answer_body": (
            "Ca urmare a cererii adresate de {{ applicant.name }}, înregistrată la nr. {{ registration_number }} din "
            "{{ registration_date }}, în temeiul Legii nr. 50/1991, se autorizează executarea lucrărilor de construcții: "
            "{{ data.descriere_lucrari }}, pe imobilul situat în {{ data.adresa_imobil }}, număr cadastral {{ data.numar_cadastral }}. "
            "Autorizația se emite pe baza certificatului de urbanism nr. {{ data.numar_certificat_urbanism }} din "
            "{{ data.data_certificat_urbanism }} și a documentației tehnice verificate, care face parte integrantă din prezenta. "
            "Durata de execuție a lucrărilor este de {{ data.durata_executie_luni }} luni de la data începerii lor. "
            "Titularul are obligația să anunțe data începerii lucrărilor la {{ institution.name }} și la Inspectoratul de Stat "
            "în Construcții și să păstreze pe șantier autorizația și documentația vizată spre neschimbare."
        ),
    },
    {
        "slug": "adeverinta-nomenclatura-stradala",
        "name": "Adeverință de nomenclatură stradală și adresă",
        "category": "urbanism",
        "department": "URB",
        "summary": "Confirmă adresa administrativă a unui imobil (stradă, număr), conform nomenclaturii stradale aprobate.",
        "description": (
            "Adeverința confirmă adresa oficială a unui teren sau a unei clădiri, așa cum figurează în nomenclatura stradală "
            "aprobată de consiliul local, precum și denumirile anterioare ale străzii, dacă este cazul. Vă este necesară la notar, la "
            "intabularea sau actualizarea datelor în cartea funciară, la bancă sau la furnizorii de utilități. Termenul obișnuit este "
            "de 30 de zile; contra unei taxe de urgență stabilite prin hotărâre a consiliului local, adeverința se eliberează în 7 zile."
        ),
        "legal_basis": "Legea nr. 7/1996 a cadastrului și a publicității imobiliare, republicată; HG nr. 777/2016 privind nomenclatura stradală; Legea nr. 227/2015 privind Codul fiscal, art. 484 (taxe speciale) și HCL privind taxele locale",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": 7,
        "urgent_fee": "100.00",
        "fee": "30.00",
        "fields": [
            {"name": "adresa_imobil", "label": "Adresa imobilului", "kind": "address", "required": True,
             "help_text": "Adresa cunoscută de dumneavoastră, chiar dacă diferă de cea din acte.", "choices": [], "max_length": None},
            {"name": "numar_cadastral", "label": "Număr cadastral", "kind": "text", "required": False,
             "help_text": "Dacă imobilul este intabulat.", "choices": [], "max_length": 60},
            {"name": "adresa_din_acte", "label": "Adresa înscrisă în actul de proprietate", "kind": "text", "required": False,
             "help_text": "Completați dacă adresa din actul de proprietate este diferită (denumire veche a străzii, alt număr).",
             "choices": [], "max_length": 250},
            {"name": "scop", "label": "Scopul adeverinței", "kind": "choice", "required": True, "help_text": "",
             "choices": [
                 "Intabulare sau actualizare în cartea funciară",
                 "Act notarial (vânzare, succesiune, partaj)",
                 "Credit bancar",
                 "Racordare la utilități",
                 "Alt scop",
             ],
             "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "act_proprietate", "required": True, "note": ""},
            {"type": "extras_carte_funciara", "required": False, "note": "Dacă imobilul este intabulat."},
            {"type": "plan_situatie", "required": False, "note": "Planul de amplasament și delimitare a imobilului, dacă există."},
        ],
        "signers": [
            {"role": "specialist", "function": "Inspector de specialitate, Compartimentul Cadastru și Nomenclatură Stradală", "capacity": "Întocmit"},
            {"role": "head", "function": "Arhitect-șef", "capacity": "Arhitect-șef"},
            {"role": "mayor", "function": "Primar", "capacity": "Primar"},
        ],
        "answer_title": "Adeverință de nomenclatură stradală și adresă",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, formulate de "
            "{{ applicant.name }}, {{ institution.name }} adeverește că imobilul pentru care s-a formulat cererea, identificat pe "
            "baza actului de proprietate și a evidențelor de cadastru, are, potrivit nomenclaturii stradale aprobate prin hotărâre "
            "a consiliului local, adresa administrativă: {{ data.adresa_imobil }}. Eventualele denumiri anterioare ale străzii și "
            "numerotările vechi sunt menționate în anexă. Prezenta adeverință s-a eliberat pentru: {{ data.scop }}. "
            "Adeverința nu constituie titlu de proprietate și nu atestă situația juridică a imobilului."
        ),
    },
    # ------------------------------------------------------------------ impozite și taxe locale
    {
        "slug": "certificat-de-atestare-fiscala",
        "term_rule": "fiscal_working",
        "name": "Certificat de atestare fiscală",
        "category": "taxe",
        "department": "ITL",
        "summary": "Atestă situația obligațiilor de plată față de bugetul local, pentru persoane fizice și juridice.",
        "description": (
            "Certificatul de atestare fiscală arată dacă aveți datorii la bugetul local (impozite, taxe, amenzi) și ce bunuri aveți "
            "declarate. Vă este necesar la vânzarea unei clădiri sau a unui teren, la dezbaterea unei succesiuni, la licitații publice "
            "sau la bancă. Eliberarea este gratuită, iar termenul este de cel mult 2 zile lucrătoare pentru persoane fizice "
            "(3 zile lucrătoare pentru persoane juridice). Certificatul este valabil 30 de zile de la eliberare."
        ),
        "legal_basis": "Legea nr. 207/2015 privind Codul de procedură fiscală, art. 158 și art. 159",
        "applicant_kinds": ["person", "company"],
        "term_days": 2,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "cod_fiscal", "label": "CNP sau CUI al contribuabilului", "kind": "text", "required": True,
             "help_text": "CNP pentru persoane fizice, CUI pentru persoane juridice.", "choices": [], "max_length": 13},
            {"name": "scop", "label": "Scopul eliberării", "kind": "choice", "required": True, "help_text": "",
             "choices": [
                 "Înstrăinare clădire sau teren",
                 "Dezbatere succesorală",
                 "Participare la licitație sau procedură de achiziție publică",
                 "Obținere credit",
                 "Alt scop",
             ],
             "max_length": None},
            {"name": "adresa_bun", "label": "Adresa bunului (dacă certificatul privește un anumit bun)", "kind": "address",
             "required": False, "help_text": "De exemplu, imobilul care urmează să fie vândut.", "choices": [], "max_length": None},
            {"name": "email", "label": "E-mail", "kind": "email", "required": True,
             "help_text": "Vă anunțăm aici când certificatul este gata.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Al contribuabilului sau al reprezentantului legal."},
            {"type": "certificat_inregistrare_onrc", "required": False, "note": "Numai pentru persoane juridice."},
            {"type": "imputernicire", "required": False, "note": "Dacă solicitați certificatul pentru altă persoană, cu acordul scris al acesteia."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Certificat de atestare fiscală",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, {{ institution.name }}, "
            "în calitate de organ fiscal local, atestă că în evidențele fiscale contribuabilul {{ applicant.name }}, cod de "
            "identificare fiscală {{ data.cod_fiscal }}, figurează cu bunurile impozabile și cu obligațiile de plată către bugetul "
            "local prezentate în anexa la prezentul certificat. Certificatul s-a eliberat în scopul: {{ data.scop }}. "
            "Obligațiile de plată sunt cele existente în evidența fiscală la data eliberării. "
            "Prezentul certificat este valabil 30 de zile de la data eliberării."
        ),
    },
    {
        "slug": "declaratie-fiscala-cladiri",
        "name": "Declarație fiscală pentru clădiri",
        "category": "taxe",
        "department": "ITL",
        "summary": "Declararea unei clădiri dobândite, construite sau modificate, pentru stabilirea impozitului pe clădiri.",
        "description": (
            "Dacă ați cumpărat, moștenit, primit prin donație sau construit o clădire, trebuie să o declarați la organul fiscal local "
            "în termen de 30 de zile de la dobândire sau de la finalizarea lucrărilor; aceeași obligație există la extinderea, "
            "demolarea sau schimbarea destinației clădirii. Impozitul se datorează de la 1 ianuarie a anului următor dobândirii. "
            "Depunerea cu întârziere se sancționează contravențional. După analiză primiți decizia de impunere."
        ),
        "legal_basis": "Legea nr. 227/2015 privind Codul fiscal, Titlul IX, cap. II (art. 453–462), în special art. 461; Legea nr. 207/2015 privind Codul de procedură fiscală",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "adresa_imobil", "label": "Adresa clădirii", "kind": "address", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "numar_cadastral", "label": "Număr cadastral", "kind": "text", "required": False, "help_text": "",
             "choices": [], "max_length": 60},
            {"name": "data_dobandirii", "label": "Data dobândirii sau a finalizării construcției", "kind": "date", "required": True,
             "help_text": "Data actului de dobândire sau a procesului-verbal de recepție la terminarea lucrărilor.",
             "choices": [], "max_length": None},
            {"name": "mod_dobandire", "label": "Modul de dobândire", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Vânzare-cumpărare", "Moștenire", "Donație", "Construire", "Hotărâre judecătorească", "Altul"],
             "max_length": None},
            {"name": "destinatie_cladire", "label": "Destinația clădirii", "kind": "choice", "required": True,
             "help_text": "Mixtă: clădire folosită atât ca locuință, cât și pentru activități economice.",
             "choices": ["Rezidențială", "Nerezidențială", "Mixtă"], "max_length": None},
            {"name": "suprafata_construita", "label": "Suprafața construită desfășurată (mp)", "kind": "number", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "an_constructie", "label": "Anul terminării construcției", "kind": "number", "required": True,
             "help_text": "", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "act_proprietate", "required": True, "note": "Contractul, certificatul de moștenitor sau procesul-verbal de recepție la terminarea lucrărilor."},
            {"type": "extras_carte_funciara", "required": False, "note": ""},
            {"type": "imputernicire", "required": False, "note": "Dacă declarația este depusă prin reprezentant."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Decizie de impunere",
        "answer_body": (
            "În baza declarației fiscale înregistrate la nr. {{ registration_number }} din {{ registration_date }}, depuse de "
            "{{ applicant.name }}, {{ institution.name }} a înregistrat în evidența fiscală clădirea situată în "
            "{{ data.adresa_imobil }}, cu destinația {{ data.destinatie_cladire }} și suprafața construită desfășurată de "
            "{{ data.suprafata_construita }} mp, dobândită la data de {{ data.data_dobandirii }}. "
            "Impozitul pe clădiri se datorează începând cu data de 1 ianuarie a anului următor dobândirii, în cuantumul "
            "prevăzut în anexa la prezenta decizie, calculat potrivit Codului fiscal și hotărârii consiliului local. "
            "Împotriva prezentei decizii se poate formula contestație în termen de 45 de zile de la comunicare, potrivit "
            "Codului de procedură fiscală."
        ),
    },
    {
        "slug": "declaratie-fiscala-teren",
        "name": "Declarație fiscală pentru teren",
        "category": "taxe",
        "department": "ITL",
        "summary": "Declararea unui teren dobândit sau a schimbării categoriei de folosință, pentru stabilirea impozitului pe teren.",
        "description": (
            "Dacă ați cumpărat, moștenit sau primit prin donație un teren, trebuie să îl declarați la organul fiscal local în "
            "termen de 30 de zile de la dobândire; la fel la schimbarea categoriei de folosință. Impozitul se datorează de la "
            "1 ianuarie a anului următor dobândirii. După analiză, terenul intră în evidența fiscală și primiți decizia de impunere."
        ),
        "legal_basis": "Legea nr. 227/2015 privind Codul fiscal, Titlul IX, cap. III (art. 463–467), în special art. 466; Legea nr. 207/2015 privind Codul de procedură fiscală",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "adresa_teren", "label": "Adresa terenului", "kind": "address", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "numar_cadastral", "label": "Număr cadastral", "kind": "text", "required": False, "help_text": "",
             "choices": [], "max_length": 60},
            {"name": "data_dobandirii", "label": "Data dobândirii", "kind": "date", "required": True,
             "help_text": "Data actului de dobândire.", "choices": [], "max_length": None},
            {"name": "suprafata_teren", "label": "Suprafața terenului (mp)", "kind": "number", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "amplasare", "label": "Amplasarea", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Intravilan", "Extravilan"], "max_length": None},
            {"name": "categorie_folosinta", "label": "Categoria de folosință", "kind": "choice", "required": True,
             "help_text": "Curți construcții: terenul pe care se află clădiri și curtea lor.",
             "choices": ["Curți construcții", "Arabil", "Pășune", "Fâneață", "Vie", "Livadă", "Pădure"], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "act_proprietate", "required": True, "note": "Contractul, certificatul de moștenitor sau actul de donație."},
            {"type": "extras_carte_funciara", "required": False, "note": ""},
            {"type": "imputernicire", "required": False, "note": "Dacă declarația este depusă prin reprezentant."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Decizie de impunere",
        "answer_body": (
            "În baza declarației fiscale înregistrate la nr. {{ registration_number }} din {{ registration_date }}, depuse de "
            "{{ applicant.name }}, {{ institution.name }} a înregistrat în evidența fiscală terenul situat în "
            "{{ data.adresa_teren }}, în suprafață de {{ data.suprafata_teren }} mp, categoria {{ data.categorie_folosinta }}, "
            "dobândit la data de {{ data.data_dobandirii }}. Impozitul pe teren se datorează începând cu data de 1 ianuarie a "
            "anului următor dobândirii, calculat potrivit Codului fiscal și hotărârii consiliului local. "
            "Împotriva prezentei decizii se poate formula contestație în termen de 45 de zile de la comunicare, potrivit "
            "Codului de procedură fiscală."
        ),
    },
    {
        "slug": "declaratie-fiscala-mijloace-transport",
        "name": "Declarație fiscală pentru mijloace de transport",
        "category": "taxe",
        "department": "ITL",
        "summary": "Declararea unui autoturism, a unei motociclete sau a altui mijloc de transport dobândit, pentru stabilirea impozitului.",
        "description": (
            "Dacă ați dobândit un mijloc de transport care se înmatriculează în România, trebuie să îl declarați la organul fiscal "
            "local în termen de 30 de zile de la dobândire. Impozitul se datorează de la 1 ianuarie a anului următor și se "
            "calculează după capacitatea cilindrică, pentru fiecare grupă de 200 cm³ sau fracțiune din aceasta."
        ),
        "legal_basis": "Legea nr. 227/2015 privind Codul fiscal, Titlul IX, cap. IV (art. 468–472), în special art. 470 și art. 471; Legea nr. 207/2015 privind Codul de procedură fiscală",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "numar_inmatriculare", "label": "Numărul de înmatriculare", "kind": "text", "required": True,
             "help_text": "Sau numărul provizoriu, dacă vehiculul nu este încă înmatriculat.", "choices": [], "max_length": 20},
            {"name": "serie_sasiu", "label": "Seria de șasiu (VIN)", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 17},
            {"name": "data_dobandirii", "label": "Data dobândirii", "kind": "date", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "tip_vehicul", "label": "Tipul mijlocului de transport", "kind": "choice", "required": True,
             "help_text": "", "choices": ["Autoturism", "Motocicletă", "Autobuz", "Tractor"], "max_length": None},
            {"name": "capacitate_cilindrica", "label": "Capacitatea cilindrică (cm³)", "kind": "number", "required": True,
             "help_text": "Din cartea de identitate a vehiculului.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "act_provenienta_vehicul", "required": True, "note": "Contractul de vânzare-cumpărare sau factura."},
            {"type": "fisa_tehnica_vehicul", "required": True, "note": "Cartea de identitate a vehiculului."},
            {"type": "imputernicire", "required": False, "note": "Dacă declarația este depusă prin reprezentant."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Decizie de impunere",
        "answer_body": (
            "În baza declarației fiscale înregistrate la nr. {{ registration_number }} din {{ registration_date }}, depuse de "
            "{{ applicant.name }}, {{ institution.name }} a înregistrat în evidența fiscală mijlocul de transport "
            "{{ data.tip_vehicul }} cu numărul {{ data.numar_inmatriculare }}, cu capacitatea cilindrică de "
            "{{ data.capacitate_cilindrica }} cm³, dobândit la data de {{ data.data_dobandirii }}. Impozitul se datorează "
            "începând cu data de 1 ianuarie a anului următor dobândirii, calculat potrivit Codului fiscal și hotărârii "
            "consiliului local. Împotriva prezentei decizii se poate formula contestație în termen de 45 de zile de la "
            "comunicare, potrivit Codului de procedură fiscală."
        ),
    },
    {
        "slug": "scutire-reducere-impozit",
        "name": "Scutire sau reducere de impozit pe clădiri, teren ori mijloace de transport",
        "category": "taxe",
        "department": "ITL",
        "summary": "Acordarea facilităților fiscale prevăzute de Codul fiscal pentru anumite categorii de persoane.",
        "description": (
            "Anumite categorii de persoane beneficiază, potrivit Codului fiscal, de scutire sau de reducere la impozitul pe clădirea "
            "de domiciliu, pe terenul aferent și pe un mijloc de transport: veterani și văduve de război, persoane persecutate politic, "
            "persoane cu handicap grav sau accentuat și reprezentanții lor legali și alte categorii prevăzute de lege. "
            "Facilitatea se acordă la cerere, pe baza documentelor justificative; pentru persoanele cu handicap se aplică din luna "
            "următoare depunerii documentelor. Categoriile și procentele se aplică în forma Codului fiscal în vigoare la data cererii."
        ),
        "legal_basis": "Legea nr. 227/2015 privind Codul fiscal, art. 456, art. 464 și art. 469, în forma în vigoare; Legea nr. 207/2015 privind Codul de procedură fiscală, art. 77; HCL privind impozitele și taxele locale",
        "applicant_kinds": ["person"],
        "term_days": 45,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "cnp", "label": "CNP", "kind": "cnp", "required": True, "help_text": "", "choices": [], "max_length": None},
            {"name": "categorie_beneficiar", "label": "Categoria de beneficiar", "kind": "choice", "required": True,
             "help_text": "Alegeți categoria care corespunde documentului justificativ.",
             "choices": [
                 "Veteran de război sau văduvă de război (Legea nr. 44/1994)",
                 "Persoană persecutată politic (Decretul-lege nr. 118/1990, OG nr. 105/1999)",
                 "Luptător pentru victoria Revoluției din Decembrie 1989 (Legea nr. 341/2004)",
                 "Persoană cu handicap grav sau reprezentantul ei legal",
                 "Persoană cu handicap accentuat sau reprezentantul ei legal",
                 "Altă categorie prevăzută de lege",
             ],
             "max_length": None},
            {"name": "tip_bun", "label": "Bunul pentru care cereți facilitatea", "kind": "choice", "required": True,
             "help_text": "",
             "choices": ["Clădirea de domiciliu", "Terenul aferent clădirii de domiciliu", "Mijloc de transport"],
             "max_length": None},
            {"name": "adresa_bun", "label": "Adresa clădirii sau numărul de înmatriculare", "kind": "text", "required": True,
             "help_text": "Pentru mijlocul de transport, scrieți numărul de înmatriculare.", "choices": [], "max_length": 250},
            {"name": "numar_document_doveditor", "label": "Numărul documentului justificativ", "kind": "text", "required": True,
             "help_text": "Numărul legitimației, al deciziei sau al certificatului de încadrare în grad de handicap.",
             "choices": [], "max_length": 60},
            {"name": "data_document_doveditor", "label": "Data documentului justificativ", "kind": "date", "required": True,
             "help_text": "", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "document_calitate_beneficiar", "required": True, "note": "Pentru persoanele cu handicap se încarcă certificatul de încadrare, la rubrica dedicată."},
            {"type": "act_proprietate", "required": True, "note": "Pentru clădire, teren sau mijlocul de transport (cartea de identitate a vehiculului)."},
            {"type": "certificat_handicap", "required": False, "note": "Obligatoriu pentru categoriile de persoane cu handicap."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Decizie privind acordarea facilității fiscale",
        "answer_body": (
            "Analizând cererea înregistrată la nr. {{ registration_number }} din {{ registration_date }}, formulată de "
            "{{ applicant.name }}, CNP {{ data.cnp }}, și documentul justificativ nr. {{ data.numar_document_doveditor }} din "
            "{{ data.data_document_doveditor }}, {{ institution.name }} constată îndeplinite condițiile prevăzute de Codul fiscal "
            "pentru categoria „{{ data.categorie_beneficiar }}”. Se acordă facilitatea fiscală pentru {{ data.tip_bun }} "
            "({{ data.adresa_bun }}), de la data prevăzută de lege pentru această categorie și pe perioada în care condițiile sunt "
            "îndeplinite. Contribuabilul are obligația să comunice organului fiscal local orice modificare a situației care a stat la "
            "baza acordării facilității. Împotriva prezentei decizii se poate formula contestație în termen de 45 de zile de la comunicare."
        ),
    },
    {
        "slug": "restituire-sume-platite-in-plus",
        "name": "Restituirea sumelor plătite în plus la bugetul local",
        "category": "taxe",
        "department": "ITL",
        "summary": "Restituirea sau compensarea impozitelor și taxelor locale achitate în plus ori fără temei.",
        "description": (
            "Dacă ați plătit de două ori același impozit, ați achitat o sumă mai mare decât cea datorată sau ați plătit o taxă pentru "
            "un serviciu care nu v-a mai fost prestat, puteți cere restituirea. Suma se compensează mai întâi cu eventualele datorii "
            "la bugetul local, iar diferența se virează în contul bancar indicat. Dreptul de a cere restituirea se prescrie în 5 ani "
            "de la 1 ianuarie a anului următor plății."
        ),
        "legal_basis": "Legea nr. 207/2015 privind Codul de procedură fiscală, art. 77, art. 167–168 și art. 219",
        "applicant_kinds": ["person", "company"],
        "term_days": 45,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "cod_fiscal", "label": "CNP sau CUI", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 13},
            {"name": "suma_solicitata", "label": "Suma solicitată (lei)", "kind": "number", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "data_platii", "label": "Data plății", "kind": "date", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "motiv", "label": "Motivul restituirii", "kind": "long_text", "required": True,
             "help_text": "De exemplu: plată dublă a impozitului pe clădire pentru anul în curs.", "choices": [], "max_length": 1500},
            {"name": "iban", "label": "Contul IBAN în care se face restituirea", "kind": "iban", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "titular_cont", "label": "Titularul contului", "kind": "text", "required": True,
             "help_text": "Contul trebuie să fie al contribuabilului sau al împuternicitului său.", "choices": [], "max_length": 150},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "dovada_plata", "required": True, "note": "Chitanța sau ordinul de plată pentru suma cerută."},
            {"type": "extras_cont", "required": True, "note": ""},
            {"type": "imputernicire", "required": False, "note": ""},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Decizie de restituire",
        "answer_body": (
            "Analizând cererea înregistrată la nr. {{ registration_number }} din {{ registration_date }}, formulată de "
            "{{ applicant.name }}, cod de identificare fiscală {{ data.cod_fiscal }}, privind restituirea sumei de "
            "{{ data.suma_solicitata }} lei achitate la data de {{ data.data_platii }}, {{ institution.name }} constată că suma "
            "figurează în evidența fiscală ca plată în plus. Suma se compensează cu obligațiile fiscale restante, dacă există, iar "
            "diferența se restituie în contul {{ data.iban }}, al cărui titular este {{ data.titular_cont }}. "
            "Împotriva prezentei decizii se poate formula contestație în termen de 45 de zile de la comunicare, potrivit "
            "Codului de procedură fiscală."
        ),
    },
    # ------------------------------------------------------------------ stare civilă
    {
        "slug": "certificat-stare-civila-duplicat",
        "name": "Eliberarea unui nou certificat de stare civilă (duplicat)",
        "category": "stare_civila",
        "department": "EPSC",
        "summary": "Un nou certificat de naștere, de căsătorie sau de deces, în locul celui pierdut, furat sau deteriorat.",
        "description": (
            "Dacă ați pierdut certificatul de naștere, de căsătorie sau de deces ori acesta a fost furat sau deteriorat, puteți cere "
            "eliberarea unui nou certificat. Certificatele de naștere și de căsătorie se eliberează titularului sau reprezentantului "
            "său legal, iar cele de deces membrilor familiei sau altor persoane îndreptățite. Se achită taxa extrajudiciară de timbru. "
            "Dacă actul se află în registrele altei primării, cererea se transmite acesteia și termenul poate fi mai lung."
        ),
        "legal_basis": "Legea nr. 119/1996 cu privire la actele de stare civilă, republicată; Metodologia cu privire la aplicarea unitară a dispozițiilor în materie de stare civilă, aprobată prin HG nr. 64/2011",
        "applicant_kinds": ["person"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "2.00",
        "fields": [
            {"name": "tip_certificat", "label": "Tipul certificatului", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Certificat de naștere", "Certificat de căsătorie", "Certificat de deces"], "max_length": None},
            {"name": "nume_titular", "label": "Numele și prenumele titularului actului", "kind": "text", "required": True,
             "help_text": "Numele din momentul înregistrării evenimentului.", "choices": [], "max_length": 150},
            {"name": "cnp_titular", "label": "CNP-ul titularului", "kind": "cnp", "required": False,
             "help_text": "Dacă îl cunoașteți.", "choices": [], "max_length": None},
            {"name": "data_eveniment", "label": "Data nașterii, a căsătoriei sau a decesului", "kind": "date", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "locul_inregistrarii", "label": "Localitatea în care a fost înregistrat actul", "kind": "text", "required": True,
             "help_text": "Localitatea și județul.", "choices": [], "max_length": 150},
            {"name": "motiv", "label": "Motivul cererii", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Pierdere", "Furt", "Deteriorare", "Distrugere"], "max_length": None},
            {"name": "imprejurari", "label": "Împrejurările pierderii, furtului sau deteriorării", "kind": "long_text",
             "required": True, "help_text": "Legea cere descrierea amănunțită a împrejurărilor.", "choices": [], "max_length": 1500},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Al solicitantului."},
            {"type": "imputernicire", "required": False, "note": "Procură specială autentică, dacă cererea este depusă prin mandatar."},
            {"type": "documente_probatorii", "required": False, "note": "Certificatul deteriorat sau dovada declarării furtului, dacă există."},
        ],
        "signers": _STARE_CIVILA_SIGNERS,
        "answer_title": "Adresă de comunicare a certificatului de stare civilă",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, formulate de "
            "{{ applicant.name }}, vă comunicăm că s-a eliberat un nou exemplar al documentului „{{ data.tip_certificat }}” pentru "
            "titularul {{ data.nume_titular }}, pe baza actului de stare civilă înregistrat în {{ data.locul_inregistrarii }}. "
            "Certificatul anterior, declarat ca urmare a împrejurării „{{ data.motiv }}”, nu mai este valabil și nu mai poate fi folosit. "
            "Noul certificat se ridică personal de la sediul {{ institution.name }}, pe baza actului de identitate, sau prin mandatar cu "
            "procură specială."
        ),
    },
    {
        "slug": "divort-pe-cale-administrativa",
        "name": "Divorț pe cale administrativă",
        "category": "stare_civila",
        "department": "EPSC",
        "summary": "Desfacerea căsătoriei prin acordul soților, la ofițerul de stare civilă, când nu există copii minori.",
        "description": (
            "Soții care sunt amândoi de acord cu divorțul și nu au copii minori pot divorța la ofițerul de stare civilă de la locul "
            "încheierii căsătoriei sau al ultimei locuințe comune. Cererea se depune de ambii soți, iar după un termen de reflecție "
            "de 30 de zile soții se prezintă personal pentru a confirma că stăruie în divorț. Dacă sunt îndeplinite condițiile, "
            "ofițerul de stare civilă emite certificatul de divorț. Taxa este stabilită prin hotărâre a consiliului local, în limita "
            "prevăzută de Codul fiscal."
        ),
        "legal_basis": "Legea nr. 287/2009 privind Codul civil, art. 375–376; Legea nr. 119/1996 cu privire la actele de stare civilă, republicată; Legea nr. 227/2015 privind Codul fiscal, art. 486",
        "applicant_kinds": ["person"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "500.00",
        "fields": [
            {"name": "nume_sot", "label": "Numele și prenumele soțului", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 150},
            {"name": "cnp_sot", "label": "CNP-ul soțului", "kind": "cnp", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "nume_sotie", "label": "Numele și prenumele soției", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 150},
            {"name": "cnp_sotie", "label": "CNP-ul soției", "kind": "cnp", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "data_casatoriei", "label": "Data încheierii căsătoriei", "kind": "date", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "loc_incheiere_casatorie", "label": "Localitatea în care s-a încheiat căsătoria", "kind": "text",
             "required": True, "help_text": "", "choices": [], "max_length": 150},
            {"name": "nume_dupa_divort", "label": "Numele pe care îl vor purta foștii soți după divorț", "kind": "text",
             "required": True, "help_text": "De exemplu: soțul – Popescu, soția – Ionescu (numele dinaintea căsătoriei).",
             "choices": [], "max_length": 200},
            {"name": "fara_copii_minori", "label": "Declar că nu avem copii minori, născuți în căsătorie, din afara ei sau adoptați",
             "kind": "yes_no", "required": True, "help_text": "Divorțul pe cale administrativă nu este posibil dacă există copii minori.",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Ale ambilor soți."},
            {"type": "certificat_casatorie", "required": True, "note": "În original, la prezentarea după termenul de reflecție."},
            {"type": "dovada_plata", "required": True, "note": "Dovada achitării taxei pentru divorț pe cale administrativă."},
        ],
        "signers": _STARE_CIVILA_SIGNERS,
        "answer_title": "Certificat de divorț",
        "answer_body": (
            "În temeiul art. 375 și 376 din Codul civil, ofițerul de stare civilă din cadrul {{ institution.name }}, constatând că "
            "soții {{ data.nume_sot }} și {{ data.nume_sotie }} au depus împreună cererea de divorț înregistrată la nr. "
            "{{ registration_number }} din {{ registration_date }}, că după expirarea termenului de 30 de zile au stăruit personal în "
            "divorț și că sunt îndeplinite condițiile prevăzute de lege, constată desfacerea prin acordul soților a căsătoriei "
            "încheiate la data de {{ data.data_casatoriei }} în {{ data.loc_incheiere_casatorie }}. "
            "După divorț, foștii soți vor purta numele: {{ data.nume_dupa_divort }}. "
            "Mențiunea divorțului se înscrie pe marginea actului de căsătorie."
        ),
    },
    # ------------------------------------------------------------------ asistență socială
    {
        "slug": "indemnizatie-crestere-copil",
        "name": "Indemnizație pentru creșterea copilului",
        "category": "asistenta_sociala",
        "department": "DAS",
        "summary": "Preluarea și verificarea dosarului pentru concediul și indemnizația lunară de creștere a copilului.",
        "description": (
            "Părintele care a realizat venituri supuse impozitului timp de cel puțin 12 luni în ultimii 2 ani înainte de nașterea "
            "copilului poate intra în concediu pentru creșterea copilului până la vârsta de 2 ani (3 ani pentru copilul cu handicap). "
            "Indemnizația lunară este de 85% din media veniturilor nete din ultimele 12 luni, în limitele minime și maxime prevăzute "
            "de lege. Dosarul se depune la primăria de domiciliu, care îl verifică și îl transmite Agenției Județene pentru Plăți și "
            "Inspecție Socială (AJPIS); decizia de acordare este emisă de AJPIS."
        ),
        "legal_basis": "OUG nr. 111/2010 privind concediul și indemnizația lunară pentru creșterea copiilor, cu modificările și completările ulterioare; Normele metodologice aprobate prin HG nr. 52/2011",
        "applicant_kinds": ["person"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "cnp", "label": "CNP-ul solicitantului", "kind": "cnp", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "nume_copil", "label": "Numele și prenumele copilului", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 150},
            {"name": "cnp_copil", "label": "CNP-ul copilului", "kind": "cnp", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "data_nasterii_copil", "label": "Data nașterii copilului", "kind": "date", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "durata_concediu", "label": "Durata concediului", "kind": "choice", "required": True, "help_text": "",
             "choices": [
                 "Până la împlinirea de către copil a vârstei de 2 ani",
                 "Până la împlinirea de către copil a vârstei de 3 ani (copil cu handicap)",
             ],
             "max_length": None},
            {"name": "data_inceput_concediu", "label": "Data de început a concediului", "kind": "date", "required": True,
             "help_text": "De regulă, ziua următoare încheierii concediului de maternitate.", "choices": [], "max_length": None},
            {"name": "iban", "label": "Contul IBAN pentru plata indemnizației", "kind": "iban", "required": True,
             "help_text": "Contul trebuie să fie deschis pe numele solicitantului.", "choices": [], "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Ale ambilor părinți."},
            {"type": "certificat_nastere", "required": True, "note": "Al copilului pentru care se solicită indemnizația."},
            {"type": "adeverinta_venit", "required": True, "note": "Adeverința-tip eliberată de angajator sau documentele privind veniturile din ultimii 2 ani."},
            {"type": "decizie_suspendare_cim", "required": True, "note": ""},
            {"type": "certificat_casatorie", "required": False, "note": "Dacă părinții sunt căsătoriți."},
        ],
        "signers": [
            {"role": "specialist", "function": "Inspector, Direcția de Asistență Socială", "capacity": "Întocmit"},
            {"role": "head", "function": "Director executiv, Direcția de Asistență Socială", "capacity": "Director executiv"},
        ],
        "answer_title": "Adresă de înaintare a dosarului către AJPIS",
        "answer_body": (
            "Vă comunicăm că dosarul pentru acordarea concediului și a indemnizației lunare pentru creșterea copilului "
            "{{ data.nume_copil }}, născut la data de {{ data.data_nasterii_copil }}, înregistrat de {{ applicant.name }} la nr. "
            "{{ registration_number }} din {{ registration_date }}, a fost verificat de {{ institution.name }} și transmis Agenției "
            "Județene pentru Plăți și Inspecție Socială. Ați solicitat concediul începând cu data de {{ data.data_inceput_concediu }}, "
            "pentru perioada: {{ data.durata_concediu }}. Decizia privind acordarea dreptului se emite de directorul executiv al AJPIS "
            "și vă va fi comunicată de aceasta, iar plata se face în contul {{ data.iban }}."
        ),
    },
    {
        "slug": "venit-minim-de-incluziune",
        "name": "Venit minim de incluziune (VMI)",
        "category": "asistenta_sociala",
        "department": "DAS",
        "summary": "Ajutor financiar lunar pentru familiile și persoanele singure cu venituri reduse (fostul ajutor social).",
        "description": (
            "Venitul minim de incluziune a înlocuit, din 2024, ajutorul social și alocația pentru susținerea familiei. Are două "
            "componente, ajutorul de incluziune și ajutorul pentru familia cu copii, și se cere printr-o singură cerere. Dreptul se "
            "stabilește în funcție de veniturile nete ale familiei din luna anterioară cererii și de bunurile deținute, după "
            "verificarea dosarului și efectuarea anchetei sociale. Primarul emite dispoziția de acordare sau de respingere."
        ),
        "legal_basis": "Legea nr. 196/2016 privind venitul minim de incluziune, cu modificările și completările ulterioare; Normele metodologice aprobate prin HG nr. 1154/2022; Ordinul MMSS nr. 546/2024",
        "applicant_kinds": ["person"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "cnp", "label": "CNP-ul titularului", "kind": "cnp", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "adresa_domiciliu", "label": "Adresa de domiciliu sau de reședință", "kind": "address", "required": True,
             "help_text": "Adresa la care se efectuează ancheta socială.", "choices": [], "max_length": None},
            {"name": "numar_membri_familie", "label": "Numărul membrilor familiei", "kind": "number", "required": True,
             "help_text": "Inclusiv titularul; 1 pentru persoana singură.", "choices": [], "max_length": None},
            {"name": "venit_net_luna_anterioara", "label": "Venitul net total al familiei în luna anterioară (lei)", "kind": "number",
             "required": True, "help_text": "Suma tuturor veniturilor nete ale membrilor familiei.", "choices": [], "max_length": None},
            {"name": "componenta_solicitata", "label": "Componenta solicitată", "kind": "choice", "required": True,
             "help_text": "Dacă nu știți, alegeți ambele; dreptul se stabilește în funcție de situația familiei.",
             "choices": ["Ajutor de incluziune", "Ajutor pentru familia cu copii", "Ambele componente"], "max_length": None},
            {"name": "iban", "label": "Contul IBAN pentru plată", "kind": "iban", "required": False,
             "help_text": "Opțional; fără cont bancar, plata se face prin mandat poștal.", "choices": [], "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True,
             "help_text": "Pentru programarea anchetei sociale.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Ale tuturor membrilor familiei care au act de identitate."},
            {"type": "adeverinta_venit", "required": True, "note": "Pentru toate sursele de venit ale familiei, din luna anterioară cererii."},
            {"type": "act_detinere_spatiu", "required": True, "note": "Actul de proprietate sau contractul de închiriere al locuinței."},
            {"type": "certificat_atestare_fiscala", "required": True, "note": "Privind bunurile deținute de membrii familiei."},
            {"type": "certificat_nastere", "required": False, "note": "Pentru fiecare copil."},
            {"type": "dovada_scolarizare", "required": False, "note": "Pentru copiii de vârstă școlară."},
        ],
        "signers": [
            {"role": "specialist", "function": "Inspector, Direcția de Asistență Socială", "capacity": "Întocmit"},
            {"role": "head", "function": "Director executiv, Direcția de Asistență Socială", "capacity": "Avizat"},
            {"role": "mayor", "function": "Primar", "capacity": "Primar"},
            {"role": "secretary_general", "function": "Secretar general al UAT", "capacity": "Contrasemnează pentru legalitate"},
        ],
        "answer_title": "Dispoziție privind acordarea dreptului la venitul minim de incluziune",
        "answer_body": (
            "Primarul, având în vedere cererea înregistrată la nr. {{ registration_number }} din {{ registration_date }}, depusă de "
            "{{ applicant.name }}, CNP {{ data.cnp }}, cu domiciliul în {{ data.adresa_domiciliu }}, raportul de anchetă socială și "
            "verificările efectuate, în temeiul Legii nr. 196/2016 privind venitul minim de incluziune, dispune: "
            "Art. 1. Se acordă dreptul la venitul minim de incluziune, componenta „{{ data.componenta_solicitata }}”, pentru familia "
            "formată din {{ data.numar_membri_familie }} membri, în cuantumul stabilit în anexa la prezenta dispoziție. "
            "Art. 2. Titularul are obligația să comunice orice modificare intervenită în componența familiei, în venituri sau în "
            "bunurile deținute, în termenul prevăzut de lege. "
            "Art. 3. Prezenta dispoziție se comunică titularului și Agenției Județene pentru Plăți și Inspecție Socială și poate fi "
            "contestată potrivit Legii contenciosului administrativ nr. 554/2004."
        ),
    },
    # ------------------------------------------------------------------ comerț și autorizări
    {
        "slug": "acord-comercializare-martisoare",
        "name": "Acord pentru comercializarea mărțișoarelor",
        "category": "comert",
        "department": "ITL",
        "summary": "Acord sezonier pentru vânzarea mărțișoarelor pe amplasamentele stabilite de consiliul local.",
        "description": (
            "În perioada premergătoare zilei de 1 Martie, primăria aprobă vânzarea mărțișoarelor pe amplasamente din domeniul public "
            "stabilite prin hotărâre a consiliului local. Pot solicita acordul operatorii economici autorizați: societăți, persoane "
            "fizice autorizate, întreprinderi individuale sau familiale. Pe lângă taxa de eliberare a acordului, se achită taxa pentru "
            "utilizarea temporară a locurilor publice, calculată pe metru pătrat și zi. Amplasamentele se atribuie în ordinea "
            "înregistrării cererilor complete, în limita locurilor disponibile."
        ),
        "legal_basis": "OG nr. 99/2000 privind comercializarea produselor și serviciilor de piață, republicată; HG nr. 333/2003 (Normele metodologice); Legea nr. 227/2015 privind Codul fiscal, art. 486; HCL privind comerțul sezonier",
        "applicant_kinds": ["company"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "50.00",
        "fields": [
            {"name": "cui", "label": "CUI", "kind": "cui", "required": True, "help_text": "", "choices": [], "max_length": None},
            {"name": "amplasament_solicitat", "label": "Amplasamentul solicitat", "kind": "choice", "required": True,
             "help_text": "Amplasamentele aprobate prin HCL pentru comerțul sezonier.",
             "choices": ["Zona pietonală centrală", "Piața Unirii", "Parcul Central", "Zona Gării", "Piața agroalimentară Nord"],
             "max_length": None},
            {"name": "suprafata_mp", "label": "Suprafața solicitată (mp)", "kind": "number", "required": True,
             "help_text": "De regulă între 2 și 6 mp pentru un stand.", "choices": [], "max_length": None},
            {"name": "data_inceput", "label": "Data de început", "kind": "date", "required": True,
             "help_text": "Perioada se încadrează în intervalul stabilit prin HCL (de obicei 15 februarie – 8 martie).",
             "choices": [], "max_length": None},
            {"name": "data_sfarsit", "label": "Data de sfârșit", "kind": "date", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "tip_structura", "label": "Tipul structurii de vânzare", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Masă sau stand demontabil", "Tonetă", "Căsuță de lemn"], "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "certificat_inregistrare_onrc", "required": True, "note": "Cu activitatea de comerț cu amănuntul autorizată."},
            {"type": "act_identitate", "required": True, "note": "Al reprezentantului legal."},
            {"type": "certificat_atestare_fiscala", "required": True, "note": "Din care să rezulte că nu aveți datorii la bugetul local."},
            {"type": "imputernicire", "required": False, "note": ""},
        ],
        "signers": _COMERT_SIGNERS,
        "answer_title": "Acord pentru comercializarea mărțișoarelor",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, {{ institution.name }} "
            "acordă operatorului economic {{ applicant.name }}, CUI {{ data.cui }}, dreptul de a comercializa mărțișoare pe "
            "amplasamentul „{{ data.amplasament_solicitat }}”, pe o suprafață de {{ data.suprafata_mp }} mp, în perioada "
            "{{ data.data_inceput }} – {{ data.data_sfarsit }}, într-o structură de tip „{{ data.tip_structura }}”. "
            "Ocuparea amplasamentului este permisă numai după achitarea taxei pentru utilizarea temporară a locurilor publice. "
            "Titularul are obligația să afișeze acordul la loc vizibil, să păstreze curățenia și să elibereze amplasamentul la "
            "expirarea perioadei. Nerespectarea acestor condiții atrage revocarea acordului."
        ),
    },
    {
        "slug": "acord-orar-functionare",
        "name": "Acord privind orarul de funcționare",
        "category": "comert",
        "department": "ITL",
        "summary": "Avizarea orarului de funcționare pentru magazine, unități de servicii și de alimentație publică.",
        "description": (
            "Operatorii economici care desfășoară activități de comerț sau de prestări servicii într-un punct de lucru din oraș au "
            "nevoie de acordul primăriei privind orarul de funcționare. Orarul propus se analizează în raport cu regulamentul local "
            "de comerț și cu liniștea locatarilor; pentru funcționarea după ora 22:00 în imobile de locuințe se cere acordul "
            "asociației de proprietari și al vecinilor direct afectați. Acordul se afișează la intrarea în unitate."
        ),
        "legal_basis": "OG nr. 99/2000 privind comercializarea produselor și serviciilor de piață, republicată; HG nr. 333/2003 (Normele metodologice); Legea nr. 61/1991 privind normele de conviețuire socială, republicată; HCL privind regulamentul de comerț",
        "applicant_kinds": ["company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "100.00",
        "fields": [
            {"name": "cui", "label": "CUI", "kind": "cui", "required": True, "help_text": "", "choices": [], "max_length": None},
            {"name": "adresa_punct_lucru", "label": "Adresa punctului de lucru", "kind": "address", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "cod_caen", "label": "Codul CAEN al activității principale din punctul de lucru", "kind": "text",
             "required": True, "help_text": "Patru cifre, de exemplu 4711.", "choices": [], "max_length": 4},
            {"name": "suprafata_comerciala", "label": "Suprafața comercială (mp)", "kind": "number", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "orar_solicitat", "label": "Orarul de funcționare propus", "kind": "long_text", "required": True,
             "help_text": "De exemplu: luni–vineri 08:00–22:00, sâmbătă 09:00–20:00, duminică închis.",
             "choices": [], "max_length": 500},
            {"name": "functionare_non_stop", "label": "Solicitați funcționare non-stop?", "kind": "yes_no", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "email", "label": "E-mail", "kind": "email", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "certificat_inregistrare_onrc", "required": True, "note": ""},
            {"type": "act_detinere_spatiu", "required": True, "note": "Pentru spațiul în care funcționează punctul de lucru."},
            {"type": "certificat_atestare_fiscala", "required": True, "note": "Din care să rezulte că nu aveți datorii la bugetul local."},
            {"type": "acord_asociatie_proprietari", "required": False, "note": "Dacă spațiul se află într-un bloc de locuințe și orarul depășește ora 22:00."},
        ],
        "signers": _COMERT_SIGNERS,
        "answer_title": "Acord privind orarul de funcționare",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, {{ institution.name }} "
            "avizează favorabil orarul de funcționare propus de {{ applicant.name }}, CUI {{ data.cui }}, pentru punctul de lucru "
            "situat în {{ data.adresa_punct_lucru }}, cu activitatea principală CAEN {{ data.cod_caen }}: {{ data.orar_solicitat }}. "
            "Operatorul economic are obligația să afișeze orarul la intrarea în unitate, la loc vizibil, și să respecte normele privind "
            "liniștea și ordinea publică. Acordul este valabil cât timp nu se modifică datele care au stat la baza emiterii lui și "
            "poate fi revocat în cazul unor sesizări întemeiate ale locatarilor."
        ),
    },
    {
        "slug": "autorizatie-functionare-alimentatie-publica",
        "name": "Autorizație de funcționare pentru alimentație publică",
        "category": "comert",
        "department": "ITL",
        "summary": "Autorizația anuală pentru restaurante, baruri, cafenele și alte unități de alimentație publică.",
        "description": (
            "Unitățile de alimentație publică (restaurante, baruri, cafenele, fast-food) pot funcționa numai cu autorizația primăriei "
            "în a cărei rază se află. Autorizația se eliberează pentru fiecare punct de lucru și se vizează anual. Taxa se stabilește "
            "prin hotărâre a consiliului local în funcție de suprafața unității, în limitele prevăzute de Codul fiscal; valoarea afișată "
            "corespunde unei unități de până la 500 mp."
        ),
        "legal_basis": "Legea nr. 227/2015 privind Codul fiscal, art. 475 alin. (3); OG nr. 99/2000 privind comercializarea produselor și serviciilor de piață, republicată; HG nr. 333/2003; HCL privind taxele locale",
        "applicant_kinds": ["company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "1000.00",
        "fields": [
            {"name": "cui", "label": "CUI", "kind": "cui", "required": True, "help_text": "", "choices": [], "max_length": None},
            {"name": "denumire_unitate", "label": "Denumirea comercială a unității", "kind": "text", "required": True,
             "help_text": "", "choices": [], "max_length": 150},
            {"name": "adresa_punct_lucru", "label": "Adresa unității", "kind": "address", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "tip_unitate", "label": "Tipul unității", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Restaurant", "Bar / cafenea", "Unitate de tip fast-food", "Cofetărie / patiserie cu servire", "Altă unitate de alimentație publică"],
             "max_length": None},
            {"name": "suprafata_mp", "label": "Suprafața unității (mp)", "kind": "number", "required": True,
             "help_text": "Suprafața totală, inclusiv terasa; în funcție de ea se stabilește taxa.", "choices": [], "max_length": None},
            {"name": "numar_locuri", "label": "Numărul de locuri la mese", "kind": "number", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "orar_functionare", "label": "Orarul de funcționare", "kind": "text", "required": True,
             "help_text": "De exemplu: zilnic 10:00–23:00.", "choices": [], "max_length": 200},
            {"name": "email", "label": "E-mail", "kind": "email", "required": True, "help_text": "", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "certificat_constatator_onrc", "required": True, "note": "Din care să rezulte punctul de lucru și activitatea de alimentație publică autorizată."},
            {"type": "act_detinere_spatiu", "required": True, "note": ""},
            {"type": "inregistrare_sanitar_veterinara", "required": True, "note": ""},
            {"type": "certificat_atestare_fiscala", "required": True, "note": "Din care să rezulte că nu aveți datorii la bugetul local."},
            {"type": "acord_asociatie_proprietari", "required": False, "note": "Dacă unitatea se află într-un bloc de locuințe."},
        ],
        "signers": _COMERT_SIGNERS,
        "answer_title": "Autorizație privind desfășurarea activității de alimentație publică",
        "answer_body": (
            "În temeiul Codului fiscal și al hotărârii consiliului local privind taxele locale, ca urmare a cererii înregistrate la "
            "nr. {{ registration_number }} din {{ registration_date }}, {{ institution.name }} autorizează operatorul economic "
            "{{ applicant.name }}, CUI {{ data.cui }}, să desfășoare activitate de alimentație publică în unitatea "
            "„{{ data.denumire_unitate }}” ({{ data.tip_unitate }}), situată în {{ data.adresa_punct_lucru }}, cu o suprafață de "
            "{{ data.suprafata_mp }} mp și {{ data.numar_locuri }} locuri la mese, având orarul de funcționare: {{ data.orar_functionare }}. "
            "Autorizația este valabilă pentru anul în curs și se vizează anual, în termenul stabilit prin hotărâre a consiliului local. "
            "Titularul are obligația să afișeze autorizația la loc vizibil și să anunțe orice modificare a datelor de mai sus."
        ),
    },
    # ------------------------------------------------------------------ transport
    {
        "slug": "inregistrare-vehicul-lent",
        "name": "Înregistrarea unui vehicul lent",
        "category": "transport",
        "department": "ITL",
        "summary": "Înregistrarea la primărie a vehiculelor care nu se înmatriculează la poliție: utilaje autopropulsate, tractoare agricole, căruțe.",
        "description": (
            "Vehiculele care nu se supun înmatriculării (utilaje autopropulsate pentru construcții, agricultură sau silvicultură, "
            "tractoare folosite numai în exploatații agricole și forestiere, vehicule cu tracțiune animală) se înregistrează la "
            "primăria de domiciliu sau sediu a proprietarului înainte de a circula pe drumurile publice. Primiți un certificat de "
            "înregistrare și o plăcuță cu numărul de înregistrare, iar vehiculul este luat în evidența fiscală. Taxa afișată include "
            "certificatul și plăcuța."
        ),
        "legal_basis": "OUG nr. 195/2002 privind circulația pe drumurile publice, republicată; Regulamentul aprobat prin HG nr. 1391/2006; Ordinul MAI nr. 1501/2006; HCL privind înregistrarea vehiculelor care nu se supun înmatriculării",
        "applicant_kinds": ["person", "company"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "80.00",
        "fields": [
            {"name": "tip_vehicul", "label": "Tipul vehiculului", "kind": "choice", "required": True, "help_text": "",
             "choices": [
                 "Utilaj autopropulsat pentru construcții (excavator, buldoexcavator, încărcător)",
                 "Mașină agricolă autopropulsată (combină, mașină de recoltat)",
                 "Tractor utilizat numai în exploatații agricole sau forestiere",
                 "Vehicul cu tracțiune animală",
                 "Alt vehicul care nu se supune înmatriculării",
             ],
             "max_length": None},
            {"name": "marca_model", "label": "Marca și modelul", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 100},
            {"name": "serie_sasiu", "label": "Seria de șasiu (identificare)", "kind": "text", "required": True,
             "help_text": "Se trece „–” pentru vehiculele cu tracțiune animală.", "choices": [], "max_length": 30},
            {"name": "an_fabricatie", "label": "Anul fabricației", "kind": "number", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "adresa_garare", "label": "Adresa la care este garat vehiculul", "kind": "address", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": "Al proprietarului sau al reprezentantului legal."},
            {"type": "act_provenienta_vehicul", "required": True, "note": ""},
            {"type": "fisa_tehnica_vehicul", "required": True, "note": "Nu este necesară pentru vehiculele cu tracțiune animală."},
            {"type": "polita_rca", "required": True, "note": "Nu este necesară pentru vehiculele cu tracțiune animală."},
            {"type": "certificat_inregistrare_onrc", "required": False, "note": "Pentru persoane juridice."},
        ],
        "signers": [
            {"role": "specialist", "function": "Inspector, Direcția Impozite și Taxe Locale", "capacity": "Întocmit"},
            {"role": "head", "function": "Director executiv, Direcția Impozite și Taxe Locale", "capacity": "Verificat"},
            {"role": "mayor", "function": "Primar", "capacity": "Primar"},
        ],
        "answer_title": "Certificat de înregistrare a vehiculului",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, {{ institution.name }} "
            "a înregistrat în evidența vehiculelor care nu se supun înmatriculării vehiculul de tipul „{{ data.tip_vehicul }}”, "
            "marca și modelul {{ data.marca_model }}, seria de șasiu {{ data.serie_sasiu }}, anul fabricației {{ data.an_fabricatie }}, "
            "proprietatea {{ applicant.name }}, garat în {{ data.adresa_garare }}. Numărul de înregistrare atribuit se înscrie pe "
            "certificat și pe plăcuța eliberată odată cu acesta. Titularul are obligația să solicite eliberarea unui nou certificat "
            "în termen de 30 de zile de la modificarea datelor înscrise și să ceară radierea vehiculului în cazurile prevăzute de lege."
        ),
    },
    {
        "slug": "radiere-vehicul-lent",
        "name": "Radierea unui vehicul lent din evidență",
        "category": "transport",
        "department": "ITL",
        "summary": "Scoaterea din evidența primăriei a unui vehicul înregistrat care a fost înstrăinat, dezmembrat sau furat.",
        "description": (
            "Când vindeți, dezmembrați sau vi se fură un vehicul înregistrat la primărie, trebuie să cereți radierea lui din evidență. "
            "La radiere predați certificatul de înregistrare și plăcuța cu numărul de înregistrare. Vehiculul este scos și din "
            "evidența fiscală, cu condiția achitării obligațiilor datorate până la data radierii."
        ),
        "legal_basis": "OUG nr. 195/2002 privind circulația pe drumurile publice, republicată; Ordinul MAI nr. 1501/2006; Legea nr. 227/2015 privind Codul fiscal; HCL privind înregistrarea vehiculelor care nu se supun înmatriculării",
        "applicant_kinds": ["person", "company"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "numar_inregistrare", "label": "Numărul de înregistrare al vehiculului", "kind": "text", "required": True,
             "help_text": "Așa cum apare pe certificatul de înregistrare.", "choices": [], "max_length": 30},
            {"name": "serie_sasiu", "label": "Seria de șasiu", "kind": "text", "required": False, "help_text": "",
             "choices": [], "max_length": 30},
            {"name": "motiv_radiere", "label": "Motivul radierii", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Înstrăinare", "Dezmembrare sau casare", "Furt", "Transfer la altă unitate administrativ-teritorială", "Alt motiv prevăzut de lege"],
             "max_length": None},
            {"name": "data_evenimentului", "label": "Data înstrăinării, dezmembrării sau a furtului", "kind": "date", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "certificat_inregistrare_vehicul", "required": True, "note": "Se predă în original, împreună cu plăcuța, cu excepția cazului de furt."},
            {"type": "document_radiere_vehicul", "required": True, "note": ""},
            {"type": "certificat_atestare_fiscala", "required": True, "note": "Din care să rezulte achitarea obligațiilor pentru vehicul."},
        ],
        "signers": _ITL_SIGNERS,
        "answer_title": "Certificat de radiere din evidență a vehiculului",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, formulate de "
            "{{ applicant.name }}, {{ institution.name }} certifică radierea din evidența vehiculelor care nu se supun "
            "înmatriculării a vehiculului cu numărul de înregistrare {{ data.numar_inregistrare }}, ca urmare a împrejurării: "
            "{{ data.motiv_radiere }}, survenite la data de {{ data.data_evenimentului }}. "
            "Vehiculul se scoate din evidența fiscală începând cu luna următoare radierii. Vehiculul radiat nu mai poate circula pe "
            "drumurile publice decât după o nouă înregistrare."
        ),
    },
    # ------------------------------------------------------------------ informații publice și petiții
    {
        "slug": "informatii-de-interes-public",
        "term_rule": "lege544",
        "name": "Solicitare de informații de interes public",
        "category": "informatii_publice",
        "department": "REG",
        "summary": "Acces la informațiile privind activitatea primăriei, fără să fie nevoie să vă justificați interesul.",
        "description": (
            "Orice persoană poate cere informații de interes public privind activitatea primăriei: bugete, contracte, hotărâri, "
            "cheltuieli, proceduri. Răspunsul se dă în 10 zile; dacă informația este complexă, termenul poate fi prelungit până la "
            "30 de zile, cu înștiințarea dumneavoastră în primele 10 zile. Refuzul se motivează și se comunică în 5 zile. "
            "Accesul este gratuit; dacă cereți copii pe hârtie, se poate percepe costul copierii."
        ),
        "legal_basis": "Legea nr. 544/2001 privind liberul acces la informațiile de interes public, art. 6–7; Normele metodologice aprobate prin HG nr. 123/2002",
        "applicant_kinds": ["person", "company"],
        "term_days": 10,
        "term_unit": "calendar",
        "term_extension_days": 20,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "informatii_solicitate", "label": "Informațiile solicitate", "kind": "long_text", "required": True,
             "help_text": "Descrieți cât mai precis informația sau documentul dorit.", "choices": [], "max_length": 3000},
            {"name": "forma_raspuns", "label": "Cum doriți să primiți răspunsul", "kind": "choice", "required": True,
             "help_text": "",
             "choices": ["În format electronic, pe e-mail", "Pe hârtie, prin poștă", "Pe hârtie, la sediul primăriei"],
             "max_length": None},
            {"name": "email", "label": "E-mail", "kind": "email", "required": False,
             "help_text": "Obligatoriu dacă doriți răspunsul pe e-mail.", "choices": [], "max_length": None},
            {"name": "adresa_corespondenta", "label": "Adresa de corespondență", "kind": "address", "required": False,
             "help_text": "Obligatorie dacă doriți răspunsul prin poștă.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "imputernicire", "required": False, "note": "Legea nu cere niciun document; doar dacă solicitați în numele unei organizații sau al altei persoane."},
        ],
        "signers": [
            {"role": "specialist", "function": "Consilier, Compartimentul Informare Publică", "capacity": "Întocmit"},
            {"role": "head", "function": "Șef serviciu Registratură și Relații cu Publicul", "capacity": "Șef serviciu"},
            {"role": "mayor", "function": "Primar", "capacity": "Primar"},
        ],
        "answer_title": "Răspuns la solicitarea de informații de interes public",
        "answer_body": (
            "Stimate/Stimată {{ applicant.name }}, ca răspuns la solicitarea dumneavoastră înregistrată la nr. "
            "{{ registration_number }} din {{ registration_date }}, formulată în temeiul Legii nr. 544/2001, prin care ați cerut "
            "următoarele: „{{ data.informatii_solicitate }}”, {{ institution.name }} vă comunică informațiile de mai jos și, după caz, "
            "documentele anexate. Dacă vă considerați vătămat în drepturile dumneavoastră, puteți depune reclamație administrativă la "
            "conducătorul instituției în termen de 30 de zile de la luarea la cunoștință, potrivit art. 21 din Legea nr. 544/2001, sau "
            "vă puteți adresa instanței de contencios administrativ, potrivit art. 22 din aceeași lege."
        ),
    },
    {
        "slug": "petitie",
        "term_rule": "og27",
        "name": "Petiție",
        "category": "informatii_publice",
        "department": "REG",
        "summary": "Cerere, reclamație sau propunere adresată primăriei, cu răspuns scris în 30 de zile.",
        "description": (
            "Prin petiție puteți adresa primăriei o cerere, o reclamație, o sesizare sau o propunere privind o problemă de interes "
            "personal sau general. Petiția se soluționează în 30 de zile de la înregistrare; pentru petițiile care necesită o "
            "cercetare mai amănunțită, termenul se poate prelungi cu cel mult 15 zile. Petițiile anonime sau fără datele de "
            "identificare ale petentului nu se iau în considerare. Dacă problema nu este de competența primăriei, petiția se "
            "transmite în 5 zile autorității competente și sunteți anunțat."
        ),
        "legal_basis": "OG nr. 27/2002 privind reglementarea activității de soluționare a petițiilor, aprobată prin Legea nr. 233/2002, art. 6–9 și art. 13",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 15,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "obiect_petitie", "label": "Obiectul petiției", "kind": "text", "required": True,
             "help_text": "Pe scurt, despre ce este vorba.", "choices": [], "max_length": 200},
            {"name": "continut", "label": "Conținutul petiției", "kind": "long_text", "required": True,
             "help_text": "Prezentați situația, ce solicitați și, dacă există, numerele documentelor anterioare.",
             "choices": [], "max_length": 5000},
            {"name": "adresa_corespondenta", "label": "Adresa de corespondență", "kind": "address", "required": True,
             "help_text": "", "choices": [], "max_length": None},
            {"name": "email", "label": "E-mail", "kind": "email", "required": False, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "anexa", "label": "Anexă", "kind": "file", "required": False,
             "help_text": "Documente sau fotografii în sprijinul petiției.", "choices": [], "max_length": None,
             "allowed_types": ["pdf", "jpeg", "png"], "max_size_mb": 10},
        ],
        "documents": [
            {"type": "documente_probatorii", "required": False, "note": "Legea nu cere documente; le puteți anexa dacă susțin petiția."},
        ],
        "signers": _PETITII_SIGNERS,
        "answer_title": "Răspuns la petiție",
        "answer_body": (
            "Stimate/Stimată {{ applicant.name }}, urmare a petiției dumneavoastră înregistrate la nr. {{ registration_number }} din "
            "{{ registration_date }}, având ca obiect „{{ data.obiect_petitie }}”, {{ institution.name }} a analizat aspectele "
            "semnalate, potrivit Ordonanței Guvernului nr. 27/2002, și vă comunică următoarele. "
            "Soluția adoptată, împreună cu temeiul ei legal, este prezentată mai jos. "
            "Dacă sunteți nemulțumit de modul de soluționare, vă puteți adresa instanței de contencios administrativ, în condițiile "
            "Legii nr. 554/2004."
        ),
    },
    # ------------------------------------------------------------------ relații cu cetățenii
    {
        "slug": "sesizare",
        "term_rule": "og27",
        "name": "Sesizare privind o problemă în spațiul public",
        "category": "relatii_cetateni",
        "department": "REG",
        "summary": "Semnalați gropi, iluminat public defect, deșeuri abandonate sau alte probleme din oraș.",
        "description": (
            "Puteți semnala primăriei probleme din spațiul public: gropi în carosabil, trotuare deteriorate, iluminat public defect, "
            "deșeuri abandonate, arbori periculoși, semnalizare rutieră lipsă sau mobilier urban distrus. Sesizarea se tratează ca "
            "o petiție: este repartizată compartimentului sau operatorului care răspunde de problema respectivă și primiți răspuns "
            "scris în 30 de zile, termen care se poate prelungi cu cel mult 15 zile. O fotografie și o adresă cât mai exactă "
            "ajută la rezolvarea mai rapidă."
        ),
        "legal_basis": "OG nr. 27/2002 privind reglementarea activității de soluționare a petițiilor, aprobată prin Legea nr. 233/2002, art. 8–9",
        "applicant_kinds": ["person", "company"],
        "term_days": 30,
        "term_unit": "calendar",
        "term_extension_days": 15,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "tip_problema", "label": "Tipul problemei", "kind": "choice", "required": True, "help_text": "",
             "choices": [
                 "Groapă sau carosabil deteriorat",
                 "Trotuar deteriorat",
                 "Iluminat public defect",
                 "Deșeuri abandonate / salubritate",
                 "Spații verzi sau arbori periculoși",
                 "Semnalizare rutieră lipsă sau deteriorată",
                 "Mobilier urban deteriorat",
                 "Altă problemă",
             ],
             "max_length": None},
            {"name": "adresa_problema", "label": "Locul problemei", "kind": "address", "required": True,
             "help_text": "Strada și numărul cel mai apropiat sau un reper cunoscut.", "choices": [], "max_length": None},
            {"name": "descriere", "label": "Descrierea problemei", "kind": "long_text", "required": True, "help_text": "",
             "choices": [], "max_length": 3000},
            {"name": "fotografie", "label": "Fotografie", "kind": "file", "required": False,
             "help_text": "O fotografie clară a locului.", "choices": [], "max_length": None,
             "allowed_types": ["jpeg", "png"], "max_size_mb": 10},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": False, "help_text": "",
             "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "documente_probatorii", "required": False, "note": "Alte fotografii sau documente, dacă este cazul."},
        ],
        "signers": _PETITII_SIGNERS,
        "answer_title": "Răspuns la sesizare",
        "answer_body": (
            "Stimate/Stimată {{ applicant.name }}, urmare a sesizării dumneavoastră înregistrate la nr. {{ registration_number }} din "
            "{{ registration_date }}, privind problema „{{ data.tip_problema }}” semnalată în {{ data.adresa_problema }}, "
            "{{ institution.name }} vă comunică faptul că situația a fost verificată la fața locului de compartimentul de specialitate. "
            "Măsurile dispuse și termenul de remediere sunt prezentate mai jos. "
            "Vă mulțumim pentru implicare și vă asigurăm că vom urmări rezolvarea problemei."
        ),
    },
    {
        "slug": "cerere-audienta",
        "name": "Cerere de audiență",
        "category": "relatii_cetateni",
        "department": "CAB",
        "summary": "Programare la audiență la primar, viceprimar, secretarul general sau la un director din primărie.",
        "description": (
            "Puteți solicita o întâlnire cu primarul, cu viceprimarul, cu secretarul general al orașului sau cu conducătorul unei "
            "direcții, pentru probleme care nu s-au putut rezolva prin cereri scrise. Programarea se face în zilele de audiențe "
            "stabilite prin regulamentul primăriei, în ordinea înregistrării cererilor. Vă rugăm să descrieți problema, ca să "
            "putem pregăti documentele necesare și, dacă este cazul, să vă îndrumăm direct către compartimentul competent."
        ),
        "legal_basis": "OUG nr. 57/2019 privind Codul administrativ; Regulamentul de organizare și funcționare al aparatului de specialitate al primarului; OG nr. 27/2002 privind soluționarea petițiilor",
        "applicant_kinds": ["person", "company"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "0.00",
        "fields": [
            {"name": "persoana_solicitata", "label": "Cu cine doriți audiența", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Primar", "Viceprimar", "Secretar general al UAT", "Director executiv al unei direcții"],
             "max_length": None},
            {"name": "directia_vizata", "label": "Direcția (dacă ați ales un director)", "kind": "text", "required": False,
             "help_text": "De exemplu: Direcția Urbanism.", "choices": [], "max_length": 150},
            {"name": "tema_audientei", "label": "Tema audienței", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 200},
            {"name": "descriere", "label": "Descrierea problemei", "kind": "long_text", "required": True,
             "help_text": "Menționați și numerele cererilor anterioare, dacă există.", "choices": [], "max_length": 3000},
            {"name": "interval_preferat", "label": "Intervalul preferat", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Dimineața (09:00–12:00)", "După-amiaza (13:00–16:00)", "Oricând în programul de audiențe"],
             "max_length": None},
            {"name": "telefon", "label": "Telefon de contact", "kind": "phone", "required": True,
             "help_text": "Pentru confirmarea sau reprogramarea audienței.", "choices": [], "max_length": None},
        ],
        "documents": [
            {"type": "act_identitate", "required": False, "note": "Nu se încarcă; se prezintă în original la audiență."},
            {"type": "documente_probatorii", "required": False, "note": "Documente legate de problema pe care o prezentați."},
        ],
        "signers": [
            {"role": "specialist", "function": "Consilier, Cabinetul Primarului", "capacity": "Întocmit"},
            {"role": "head", "function": "Director de cabinet", "capacity": "Director de cabinet"},
        ],
        "answer_title": "Programare la audiență",
        "answer_body": (
            "Stimate/Stimată {{ applicant.name }}, ca urmare a cererii dumneavoastră înregistrate la nr. {{ registration_number }} "
            "din {{ registration_date }}, vă comunicăm că ați fost programat la audiență la {{ data.persoana_solicitata }}, având ca "
            "temă „{{ data.tema_audientei }}”. Data, ora și locul audienței sunt indicate mai jos. "
            "Vă rugăm să vă prezentați cu 10 minute înainte, cu actul de identitate și cu documentele legate de problema prezentată. "
            "Dacă nu puteți participa, vă rugăm să ne anunțați pentru reprogramare."
        ),
    },
    {
        "slug": "copii-certificate-acte-administrative",
        "name": "Copii certificate după hotărâri ale consiliului local și dispoziții ale primarului",
        "category": "relatii_cetateni",
        "department": "SG",
        "summary": "Eliberarea de copii certificate sau extrase după acte din arhiva consiliului local și a primăriei.",
        "description": (
            "Secretarul general al orașului eliberează copii certificate sau extrase după hotărârile consiliului local, dispozițiile "
            "primarului și alte acte din arhivă, cu excepția celor clasificate. Copiile sunt necesare, de exemplu, în instanță, la notar "
            "sau în relația cu alte instituții. Pentru actele care privesc o altă persoană, eliberarea se face în limitele legii privind "
            "protecția datelor personale. Taxa pentru eliberarea copiilor este stabilită prin hotărâre a consiliului local."
        ),
        "legal_basis": "OUG nr. 57/2019 privind Codul administrativ, art. 243 alin. (1); Legea nr. 227/2015 privind Codul fiscal, art. 484 (taxe speciale); HCL privind taxele locale",
        "applicant_kinds": ["person", "company"],
        "term_days": 10,
        "term_unit": "working",
        "term_extension_days": 0,
        "urgent_term_days": None,
        "urgent_fee": None,
        "fee": "10.00",
        "fields": [
            {"name": "tip_act", "label": "Tipul actului", "kind": "choice", "required": True, "help_text": "",
             "choices": ["Hotărâre a consiliului local", "Dispoziție a primarului", "Alt document din arhiva primăriei"],
             "max_length": None},
            {"name": "numar_act", "label": "Numărul actului", "kind": "text", "required": True, "help_text": "",
             "choices": [], "max_length": 40},
            {"name": "data_act", "label": "Data actului", "kind": "date", "required": True,
             "help_text": "Dacă nu o cunoașteți exact, treceți data aproximativă și explicați în câmpul „Scopul”.",
             "choices": [], "max_length": None},
            {"name": "numar_exemplare", "label": "Numărul de exemplare", "kind": "number", "required": True, "help_text": "",
             "choices": [], "max_length": None},
            {"name": "scop", "label": "Scopul solicitării", "kind": "text", "required": True,
             "help_text": "De exemplu: depunere în instanță.", "choices": [], "max_length": 250},
        ],
        "documents": [
            {"type": "act_identitate", "required": True, "note": ""},
            {"type": "imputernicire", "required": False, "note": "Dacă cererea este depusă prin reprezentant."},
        ],
        "signers": [
            {"role": "specialist", "function": "Consilier, Compartimentul Secretariat General", "capacity": "Întocmit"},
            {"role": "secretary_general", "function": "Secretar general al UAT", "capacity": "Secretar general al UAT"},
        ],
        "answer_title": "Adresă de comunicare a copiilor certificate",
        "answer_body": (
            "Ca urmare a cererii înregistrate la nr. {{ registration_number }} din {{ registration_date }}, formulate de "
            "{{ applicant.name }}, vă comunicăm, anexat, {{ data.numar_exemplare }} exemplar(e) în copie certificată „conform cu "
            "originalul” după actul „{{ data.tip_act }}” nr. {{ data.numar_act }} din {{ data.data_act }}, aflat în arhiva "
            "{{ institution.name }}. Copiile se eliberează în scopul declarat: {{ data.scop }}. "
            "Certificarea conformității cu originalul s-a efectuat de secretarul general al unității administrativ-teritoriale."
        ),
    },
]
