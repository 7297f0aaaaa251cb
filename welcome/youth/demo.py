"""The demo catalogue: about 25 invented programmes, each marked `demo` and shown so.

FACTS.md § 5: the Region runs about 75 projects against youth unemployment (vocational
orientation, apprenticeship guides at schools, help for young single mothers, housing-and-work
projects), youth workshops, Pro-Aktiv-Centers for 14 to 27-year-olds, and youth employment
agencies in Hannover and Garbsen; the current project list is **unverified**. So the kinds of
programme are real, every programme here is an example (`demo: true`), and only the
organisations FACTS.md names carry real names; the others say "(Demo)" in their name.
German texts are in plain language (Leichte Sprache): short sentences, one idea each.
"""

from welcome.youth.finder import School, TrainingPlace

ORGANISATIONS = {
    "jba-hannover": ("Jugendberufsagentur Hannover", "youth_employment_agency", False),
    "jba-garbsen": ("Jugendberufsagentur Garbsen", "youth_employment_agency", False),
    "pro-aktiv-center": ("Pro-Aktiv-Center der Region Hannover", "pro_aktiv_center", False),
    "jugendwerkstatt-nord": ("Jugendwerkstatt Nord (Demo)", "youth_workshop", True),
    "bildungstraeger-sued": ("Bildungsträger Süd (Demo)", "provider", True),
    "wohnen-arbeiten": ("Verein Wohnen und Arbeiten (Demo)", "provider", True),
}

IN, NONE, CERT = School.IN_SCHOOL, School.NO_CERTIFICATE, School.CERTIFICATE

# kind: (ages, school statuses, training place, flags, texts per language: (title, description))
KINDS = {
    "orientation": (
        (14, 18),
        [IN],
        TrainingPlace.WITHOUT,
        {"training_related": True},
        {
            "de": (
                "Berufe kennenlernen in {place}",
                "Du gehst noch zur Schule.\nDu weißt noch nicht: Welcher Beruf passt zu mir?\n"
                "Hier lernst du viele Berufe kennen.\nDu machst ein Praktikum in einem Betrieb.",
            ),
            "en": (
                "Discover jobs in {place}",
                "For pupils who do not yet know which job suits them. You get to know many "
                "occupations and do a work placement in a company.",
            ),
            "tr": (
                "{place} bölgesinde meslekleri tanı",
                "Hangi mesleğin sana uygun olduğunu henüz bilmeyen öğrenciler için. Birçok "
                "mesleği tanırsın ve bir işletmede staj yaparsın.",
            ),
            "ar": (
                "تعرّف على المهن في {place}",
                "لطلاب المدارس الذين لا يعرفون بعد أي مهنة تناسبهم. تتعرّف على مهن كثيرة "
                "وتقوم بتدريب عملي في شركة.",
            ),
            "es": (
                "Descubre profesiones en {place}",
                "Para alumnos que aún no saben qué profesión les conviene. Conoces muchas "
                "profesiones y haces unas prácticas en una empresa.",
            ),
            "fr": (
                "Découvre des métiers à {place}",
                "Pour les élèves qui ne savent pas encore quel métier leur convient. Tu "
                "découvres de nombreux métiers et tu fais un stage en entreprise.",
            ),
            "uk": (
                "Знайомство з професіями в {place}",
                "Для школярів, які ще не знають, яка професія їм підходить. Ти знайомишся з "
                "багатьма професіями та проходиш практику на підприємстві.",
            ),
            "ru": (
                "Знакомство с профессиями в {place}",
                "Для школьников, которые ещё не знают, какая профессия им подходит. Ты "
                "знакомишься со многими профессиями и проходишь практику на предприятии.",
            ),
        },
    ),
    "guides": (
        (15, 20),
        [IN],
        TrainingPlace.WITHOUT,
        {"training_related": True},
        {
            "de": (
                "Ausbildungs-Lotsen an deiner Schule",
                "Eine Lotsin oder ein Lotse kommt in deine Schule.\nSie helfen dir bei der "
                "Suche nach einer Ausbildung.\nSie helfen dir auch bei der Bewerbung.",
            ),
            "en": (
                "Apprenticeship guides at your school",
                "A guide comes to your school and helps you look for a training place and "
                "write your application.",
            ),
            "tr": (
                "Okulunda meslek eğitimi rehberleri",
                "Bir rehber okuluna gelir, meslek eğitimi yeri aramana ve başvurunu yazmana "
                "yardım eder.",
            ),
            "ar": (
                "مرشدو التدريب المهني في مدرستك",
                "يأتي مرشد إلى مدرستك ويساعدك في البحث عن مكان تدريب مهني وفي كتابة طلبك.",
            ),
            "es": (
                "Guías de formación profesional en tu escuela",
                "Un guía viene a tu escuela y te ayuda a buscar una plaza de formación y a "
                "escribir tu solicitud.",
            ),
            "fr": (
                "Des guides pour l’apprentissage dans ton école",
                "Un guide vient dans ton école et t’aide à chercher une place d’apprentissage et "
                "à écrire ta candidature.",
            ),
            "uk": (
                "Провідники до професійного навчання у твоїй школі",
                "Провідник приходить до твоєї школи й допомагає шукати місце для "
                "професійного навчання та писати заявку.",
            ),
            "ru": (
                "Наставники по профессиональному обучению в твоей школе",
                "Наставник приходит в твою школу и помогает искать место для профессионального "
                "обучения и писать заявление.",
            ),
        },
    ),
    "second_chance": (
        (16, 24),
        [NONE],
        TrainingPlace.WITHOUT,
        {},
        {
            "de": (
                "Schul-Abschluss nachholen in {place}",
                "Du hast keinen Schul-Abschluss.\nHier kannst du den Abschluss nachholen.\n"
                "Du lernst in einer kleinen Gruppe.",
            ),
            "en": (
                "Get your school-leaving certificate in {place}",
                "You left school without a certificate? Here you can get it in a small group.",
            ),
            "tr": (
                "{place} bölgesinde okul diploması al",
                "Okulu diplomasız mı bıraktın? Burada küçük bir grupta diplomanı alabilirsin.",
            ),
            "ar": (
                "احصل على شهادتك المدرسية في {place}",
                "هل تركت المدرسة بدون شهادة؟ هنا يمكنك الحصول عليها في مجموعة صغيرة.",
            ),
            "es": (
                "Obtén tu título escolar en {place}",
                "¿Dejaste la escuela sin título? Aquí puedes obtenerlo en un grupo pequeño.",
            ),
            "fr": (
                "Obtiens ton diplôme scolaire à {place}",
                "Tu as quitté l’école sans diplôme ? Ici, tu peux l’obtenir en petit groupe.",
            ),
            "uk": (
                "Здобудь шкільний атестат у {place}",
                "Ти залишив школу без атестата? Тут ти можеш здобути його в невеликій групі.",
            ),
            "ru": (
                "Получи школьный аттестат в {place}",
                "Ты ушёл из школы без аттестата? Здесь ты можешь получить его в небольшой группе.",
            ),
        },
    ),
    "workshop": (
        (16, 26),
        [NONE, CERT],
        TrainingPlace.WITHOUT,
        {"training_related": True},
        {
            "de": (
                "Jugend-Werkstatt {place}",
                "Du arbeitest in einer Werkstatt.\nZum Beispiel mit Holz, Metall oder in der "
                "Küche.\nDu bekommst Hilfe für eine Ausbildung.",
            ),
            "en": (
                "Youth workshop {place}",
                "You work in a workshop – wood, metal or kitchen – and get help on the way "
                "to a training place.",
            ),
            "tr": (
                "{place} gençlik atölyesi",
                "Bir atölyede çalışırsın – ahşap, metal veya mutfak – ve meslek eğitimine "
                "giden yolda destek alırsın.",
            ),
            "ar": (
                "ورشة الشباب في {place}",
                "تعمل في ورشة – خشب أو معادن أو مطبخ – وتحصل على مساعدة في الطريق إلى "
                "مكان تدريب مهني.",
            ),
            "es": (
                "Taller juvenil {place}",
                "Trabajas en un taller – madera, metal o cocina – y recibes ayuda en el camino "
                "hacia una plaza de formación.",
            ),
            "fr": (
                "Atelier jeunesse {place}",
                "Tu travailles dans un atelier – bois, métal ou cuisine – et tu reçois de l’aide "
                "sur le chemin vers une place d’apprentissage.",
            ),
            "uk": (
                "Молодіжна майстерня {place}",
                "Ти працюєш у майстерні – з деревом, металом або на кухні – і отримуєш "
                "підтримку на шляху до професійного навчання.",
            ),
            "ru": (
                "Молодёжная мастерская {place}",
                "Ты работаешь в мастерской – с деревом, металлом или на кухне – и получаешь "
                "поддержку на пути к профессиональному обучению.",
            ),
        },
    ),
    "single_parents": (
        (16, 27),
        [],
        TrainingPlace.ANY,
        {"single_parents": True, "training_related": True},
        {
            "de": (
                "Ausbildung in Teil-Zeit für junge Eltern",
                "Du hast ein Kind.\nDu bist allein mit dem Kind.\nDu möchtest eine Ausbildung "
                "machen.\nWir helfen dir.\nAuch bei der Betreuung für dein Kind.",
            ),
            "en": (
                "Part-time training for young parents",
                "For young mothers and fathers who bring up a child alone: a training place "
                "in part-time, and help with childcare.",
            ),
            "tr": (
                "Genç ebeveynler için yarı zamanlı meslek eğitimi",
                "Çocuğunu yalnız büyüten genç anne ve babalar için: yarı zamanlı meslek "
                "eğitimi ve çocuk bakımında destek.",
            ),
            "ar": (
                "تدريب مهني بدوام جزئي للآباء والأمهات الشباب",
                "للأمهات والآباء الشباب الذين يربّون طفلاً بمفردهم: تدريب مهني بدوام جزئي "
                "ومساعدة في رعاية الطفل.",
            ),
            "es": (
                "Formación a tiempo parcial para madres y padres jóvenes",
                "Para madres y padres jóvenes que crían solos a un hijo: una plaza de formación "
                "a tiempo parcial y ayuda con el cuidado del niño.",
            ),
            "fr": (
                "Apprentissage à temps partiel pour jeunes parents",
                "Pour les jeunes mères et pères qui élèvent seuls un enfant : une place "
                "d’apprentissage à temps partiel et de l’aide pour la garde de l’enfant.",
            ),
            "uk": (
                "Професійне навчання з неповним днем для молодих батьків",
                "Для молодих мам і тат, які самі виховують дитину: навчання з неповним днем "
                "і допомога з доглядом за дитиною.",
            ),
            "ru": (
                "Профессиональное обучение с неполным днём для молодых родителей",
                "Для молодых мам и пап, которые одни воспитывают ребёнка: обучение с неполным "
                "днём и помощь с присмотром за ребёнком.",
            ),
        },
    ),
    "housing": (
        (18, 26),
        [],
        TrainingPlace.ANY,
        {"housing": True},
        {
            "de": (
                "Wohnen und Arbeiten",
                "Du hast keine Wohnung.\nOder du hast Probleme mit der Wohnung.\nWir helfen "
                "dir bei der Wohnung.\nUnd wir helfen dir bei Arbeit oder Ausbildung.",
            ),
            "en": (
                "Housing and work",
                "No flat, or trouble with your flat? We help you find a place to live, and "
                "with work or training.",
            ),
            "tr": (
                "Konut ve iş",
                "Evin yok mu ya da evinle ilgili sorunların mı var? Kalacak yer bulmana, iş "
                "veya meslek eğitimine yardım ederiz.",
            ),
            "ar": (
                "السكن والعمل",
                "ليس لديك سكن أو لديك مشاكل في السكن؟ نساعدك في إيجاد مكان للسكن وفي العمل "
                "أو التدريب المهني.",
            ),
            "es": (
                "Vivienda y trabajo",
                "¿No tienes vivienda o tienes problemas con ella? Te ayudamos a encontrar un "
                "lugar donde vivir, y también con el trabajo o la formación.",
            ),
            "fr": (
                "Logement et travail",
                "Pas de logement, ou des problèmes avec ton logement ? Nous t’aidons à trouver "
                "un endroit où vivre, et aussi pour le travail ou l’apprentissage.",
            ),
            "uk": (
                "Житло і робота",
                "Немає житла або проблеми з житлом? Ми допоможемо знайти, де жити, а також "
                "з роботою чи навчанням.",
            ),
            "ru": (
                "Жильё и работа",
                "Нет жилья или проблемы с жильём? Мы поможем найти, где жить, а также с работой "
                "или обучением.",
            ),
        },
    ),
    "newcomers": (
        (16, 26),
        [],
        TrainingPlace.WITHOUT,
        {"newly_arrived": True, "language_support": True, "training_related": True},
        {
            "de": (
                "Start in die Ausbildung für Neu-Zugewanderte",
                "Du bist neu in Deutschland.\nDu möchtest eine Ausbildung machen.\nDu lernst "
                "Deutsch für den Beruf.\nWir helfen dir, einen Ausbildungs-Platz zu finden.",
            ),
            "en": (
                "Start into training for newcomers",
                "New in Germany and want to start vocational training? You learn German for "
                "work, and we help you find a training place.",
            ),
            "tr": (
                "Yeni gelenler için meslek eğitimine başlangıç",
                "Almanya'da yeni misin ve meslek eğitimi mi yapmak istiyorsun? İş için "
                "Almanca öğrenirsin, eğitim yeri bulmana yardım ederiz.",
            ),
            "ar": (
                "بداية التدريب المهني للقادمين الجدد",
                "أنت جديد في ألمانيا وتريد أن تبدأ تدريباً مهنياً؟ تتعلم الألمانية للعمل "
                "ونساعدك في إيجاد مكان تدريب.",
            ),
            "es": (
                "Inicio en la formación profesional para recién llegados",
                "¿Eres nuevo en Alemania y quieres empezar una formación profesional? Aprendes "
                "alemán para el trabajo y te ayudamos a encontrar una plaza de formación.",
            ),
            "fr": (
                "Démarrer un apprentissage pour les nouveaux arrivants",
                "Tu es nouveau en Allemagne et tu veux commencer un apprentissage ? Tu apprends "
                "l’allemand pour le travail et nous t’aidons à trouver une place "
                "d’apprentissage.",
            ),
            "uk": (
                "Старт у професійне навчання для новоприбулих",
                "Ти недавно в Німеччині й хочеш професійне навчання? Ти вчиш німецьку для "
                "роботи, а ми допомагаємо знайти місце для навчання.",
            ),
            "ru": (
                "Начало профессионального обучения для недавно приехавших",
                "Ты недавно в Германии и хочешь пройти профессиональное обучение? Ты учишь "
                "немецкий для работы, а мы помогаем найти место для обучения.",
            ),
        },
    ),
    "language": (
        (16, 27),
        [],
        TrainingPlace.ANY,
        {"newly_arrived": True, "language_support": True},
        {
            "de": (
                "Deutsch für den Beruf",
                "Du möchtest besser Deutsch sprechen.\nDu lernst Wörter für die Arbeit.\n"
                "Der Kurs ist am Nachmittag.",
            ),
            "en": (
                "German for work",
                "Improve your German with the words you need at work. The course is in the "
                "afternoon.",
            ),
            "tr": (
                "İş için Almanca",
                "İş yerinde ihtiyacın olan kelimelerle Almancanı geliştir. Kurs öğleden sonradır.",
            ),
            "ar": (
                "الألمانية للعمل",
                "حسّن لغتك الألمانية بالكلمات التي تحتاجها في العمل. الدورة بعد الظهر.",
            ),
            "es": (
                "Alemán para el trabajo",
                "Mejora tu alemán con las palabras que necesitas en el trabajo. El curso es por "
                "la tarde.",
            ),
            "fr": (
                "L’allemand pour le travail",
                "Améliore ton allemand avec les mots dont tu as besoin au travail. Le cours a "
                "lieu l’après-midi.",
            ),
            "uk": (
                "Німецька для роботи",
                "Покращ свою німецьку зі словами, потрібними на роботі. Курс проходить "
                "після обіду.",
            ),
            "ru": (
                "Немецкий для работы",
                "Улучши свой немецкий со словами, которые нужны на работе. Курс проходит после "
                "обеда.",
            ),
        },
    ),
    "pro_aktiv": (
        (14, 27),
        [],
        TrainingPlace.ANY,
        {},
        {
            "de": (
                "Beratung im Pro-Aktiv-Center",
                "Du hast Fragen zu Schule, Ausbildung oder Arbeit.\nOder du hast andere "
                "Probleme.\nHier kannst du mit jemandem sprechen.\nDie Beratung kostet nichts.",
            ),
            "en": (
                "Advice at the Pro-Aktiv-Center",
                "Questions about school, training or work, or other problems? Talk to "
                "someone here. Advice is free.",
            ),
            "tr": (
                "Pro-Aktiv-Center'da danışmanlık",
                "Okul, meslek eğitimi veya iş hakkında soruların ya da başka sorunların mı "
                "var? Burada biriyle konuşabilirsin. Danışmanlık ücretsizdir.",
            ),
            "ar": (
                "استشارة في مركز Pro-Aktiv",
                "لديك أسئلة عن المدرسة أو التدريب المهني أو العمل، أو مشاكل أخرى؟ تحدّث مع "
                "شخص هنا. الاستشارة مجانية.",
            ),
            "es": (
                "Asesoramiento en el Pro-Aktiv-Center",
                "¿Tienes preguntas sobre la escuela, la formación o el trabajo, u otros "
                "problemas? Habla aquí con alguien. El asesoramiento es gratuito.",
            ),
            "fr": (
                "Conseil au Pro-Aktiv-Center",
                "Des questions sur l’école, l’apprentissage ou le travail, ou d’autres problèmes "
                "? Parle ici avec quelqu’un. Le conseil est gratuit.",
            ),
            "uk": (
                "Консультація в Pro-Aktiv-Center",
                "Є питання про школу, навчання чи роботу або інші проблеми? Поговори тут з "
                "кимось. Консультація безкоштовна.",
            ),
            "ru": (
                "Консультация в Pro-Aktiv-Center",
                "Есть вопросы о школе, обучении или работе или другие проблемы? Поговори здесь с "
                "кем-нибудь. Консультация бесплатная.",
            ),
        },
    ),
    "in_training": (
        (15, 25),
        [],
        TrainingPlace.WITH,
        {"training_related": True},
        {
            "de": (
                "Hilfe während der Ausbildung",
                "Du machst schon eine Ausbildung.\nDu hast Probleme in der Berufs-Schule "
                "oder im Betrieb.\nWir helfen dir.\nDamit du die Ausbildung schaffst.",
            ),
            "en": (
                "Help during your training",
                "Already in training and having trouble at vocational school or at work? We "
                "help you finish your training.",
            ),
            "tr": (
                "Meslek eğitimi sırasında destek",
                "Zaten meslek eğitimindesin ve meslek okulunda ya da işte sorun mu "
                "yaşıyorsun? Eğitimini bitirmene yardım ederiz.",
            ),
            "ar": (
                "مساعدة أثناء التدريب المهني",
                "أنت في التدريب المهني وتواجه صعوبات في المدرسة المهنية أو في العمل؟ "
                "نساعدك على إنهاء تدريبك.",
            ),
            "es": (
                "Ayuda durante tu formación",
                "¿Ya estás en formación y tienes problemas en la escuela profesional o en el "
                "trabajo? Te ayudamos a terminar tu formación.",
            ),
            "fr": (
                "De l’aide pendant ton apprentissage",
                "Tu es déjà en apprentissage et tu as des difficultés à l’école professionnelle "
                "ou au travail ? Nous t’aidons à terminer ton apprentissage.",
            ),
            "uk": (
                "Допомога під час навчання",
                "Ти вже навчаєшся і маєш труднощі в професійній школі чи на підприємстві? "
                "Ми допоможемо завершити навчання.",
            ),
            "ru": (
                "Помощь во время обучения",
                "Ты уже проходишь обучение и у тебя трудности в профессиональной школе или на "
                "предприятии? Мы поможем завершить обучение.",
            ),
        },
    ),
}

ALL = "all"  # every municipality of the Region
# slug: (kind, organisation, municipalities, place named in the title)
PROGRAMMES = {
    "orientation-hannover": ("orientation", "jba-hannover", ["Hannover"], "Hannover"),
    "orientation-garbsen": ("orientation", "jba-garbsen", ["Garbsen"], "Garbsen"),
    "orientation-lehrte": ("orientation", "bildungstraeger-sued", ["Lehrte", "Sehnde"], "Lehrte"),
    "orientation-wedemark": (
        "orientation", "jugendwerkstatt-nord",
        ["Wedemark", "Burgwedel", "Isernhagen", "Langenhagen"], "Wedemark",
    ),
    "guides-region": ("guides", "bildungstraeger-sued", ALL, ""),
    "guides-hannover": ("guides", "jba-hannover", ["Hannover"], ""),
    "second-chance-hannover": ("second_chance", "bildungstraeger-sued", ["Hannover"], "Hannover"),
    "second-chance-laatzen": (
        "second_chance", "bildungstraeger-sued", ["Laatzen", "Hemmingen", "Pattensen"], "Laatzen",
    ),
    "second-chance-neustadt": (
        "second_chance", "jugendwerkstatt-nord", ["Neustadt am Rübenberge", "Wunstorf"],
        "Neustadt am Rübenberge",
    ),
    "workshop-garbsen": (
        "workshop", "jugendwerkstatt-nord", ["Garbsen", "Seelze", "Wunstorf"], "Garbsen",
    ),
    "workshop-burgdorf": (
        "workshop", "jugendwerkstatt-nord", ["Burgdorf", "Uetze", "Lehrte"], "Burgdorf",
    ),
    "workshop-springe": (
        "workshop", "bildungstraeger-sued",
        ["Springe", "Barsinghausen", "Wennigsen (Deister)", "Gehrden"], "Springe",
    ),
    "workshop-hannover": ("workshop", "jugendwerkstatt-nord", ["Hannover"], "Hannover"),
    "single-parents-region": ("single_parents", "bildungstraeger-sued", ALL, ""),
    "single-parents-hannover": ("single_parents", "jba-hannover", ["Hannover"], ""),
    "housing-hannover": ("housing", "wohnen-arbeiten", ["Hannover", "Langenhagen"], ""),
    "housing-region": ("housing", "wohnen-arbeiten", ALL, ""),
    "newcomers-hannover": ("newcomers", "jba-hannover", ["Hannover"], ""),
    "newcomers-region": ("newcomers", "bildungstraeger-sued", ALL, ""),
    "newcomers-garbsen": ("newcomers", "jba-garbsen", ["Garbsen", "Seelze"], ""),
    "language-langenhagen": (
        "language", "jugendwerkstatt-nord", ["Langenhagen", "Isernhagen", "Burgwedel"], "",
    ),
    "language-region": ("language", "bildungstraeger-sued", ALL, ""),
    "pro-aktiv-region": ("pro_aktiv", "pro-aktiv-center", ALL, ""),
    "in-training-region": ("in_training", "bildungstraeger-sued", ALL, ""),
    "in-training-garbsen": ("in_training", "jba-garbsen", ["Garbsen"], ""),
}  # fmt: skip

START_DATES = ("01.02.2027, 01.08.2027", "01.03.2027", "01.08.2027", "04.01.2027, 06.04.2027")


def programme_items(all_municipalities: list[str]) -> list[dict]:
    """The demo programmes in the shape `services.programme_import` takes."""
    items = []
    for number, (slug, (kind, organisation, places, place)) in enumerate(PROGRAMMES.items()):
        (min_age, max_age), schools, training_place, flags, texts = KINDS[kind]
        capacity = 12 + (number % 3) * 6
        municipalities = all_municipalities if places == ALL else places
        items.append(
            {
                "slug": slug,
                "organisation": organisation,
                "min_age": min_age,
                "max_age": max_age,
                "school_statuses": [str(s) for s in schools],
                "training_place": str(training_place),
                "newly_arrived": flags.get("newly_arrived", False),
                "language_support": flags.get("language_support", False),
                "single_parents": flags.get("single_parents", False),
                "housing": flags.get("housing", False),
                "training_related": flags.get("training_related", False),
                "municipalities": list(municipalities),
                "reachability": "Demo: by bus or tram, stop nearby"
                if len(municipalities) < len(all_municipalities)
                else "Demo: offered in several places of the Region",
                "contact": "Demo: contact details will follow",
                "start_dates": START_DATES[number % len(START_DATES)],
                "capacity": capacity,
                "free_places": 0 if number % 7 == 6 else (number * 5) % capacity,
                "demo": True,
                "translations": {
                    language: {
                        "title": title.format(place=place),
                        "description": description,
                    }
                    for language, (title, description) in texts.items()
                },
            }
        )
    return items
