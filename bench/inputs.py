"""Request inputs that never repeat: pathway profiles, FAQ questions in six languages, places.

Each generator maps a running number i = 0, 1, 2, … to an input; distinct numbers give distinct
inputs (a bijection onto mixed-radix digits, so no two coincide), spread over every field
instead of counting up one of them. bench.common checks the requests built from them once more.
No Django here: the law package's reference data only.
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import quote, urlencode

from welcome.law.places import municipalities

# --- a bijection of 0 … m-1, then its mixed-radix digits --------------------------------------


def scatter(i: int, m: int) -> int:
    """A permutation of 0 … m-1 (multiplication by a unit modulo m): neighbours land far apart."""
    if not 0 <= i < m:
        raise IndexError(f"only {m} distinct inputs, not {i + 1}")
    a = 2_654_435_761
    while math.gcd(a, m) != 1:
        a += 2
    return (i * a + 12_345) % m


def digits(j: int, radices: tuple[int, ...]) -> list[int]:
    out = []
    for radix in radices:
        j, d = divmod(j, radix)
        out.append(d)
    return out


def _mix(i: int) -> int:
    """Bits for the fields that need not differ (they vary, but distinctness comes from the
    digits): a 64-bit multiplicative hash of i."""
    return (i * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & 0xFFFFFFFFFFFFFFFF


# --- pathway profiles (welcome/portal/tests/factories.py BLUE_CARD, every field varied) ----------

NATIONALITIES = (
    "IN", "TR", "SY", "UA", "BR", "CO", "MX", "PH", "VN", "CN", "EG", "MA", "TN", "NG", "GH",
    "KE", "PK", "BD", "ID", "IR", "IQ", "AF", "RS", "BA", "AL", "XK", "MK", "GE", "AM", "KZ",
    "US", "CA", "AU", "JP", "KR", "GB", "PL", "RO", "ES", "IT",
)  # fmt: skip
OCCUPATIONS = (
    "2512", "2511", "2513", "2519", "2521", "2522", "2142", "2144", "2145", "2211", "2221",
    "3221", "2341", "2342", "5120", "7411", "7231", "7126", "8332", "3113", "1330", "2631",
)  # fmt: skip
LEVELS = ("academic", "academic", "vocational", "vocational", "none")
RECOGNITION = ("full", "full", "partial", "none", "pending", "unknown")
LANGUAGE = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
FIRST_DAY = dt.date(2024, 3, 1)
SALARIES, AGES, DAYS = 90_000, 47, 1_096  # 25,000–114,999 €, 18–64 years, three years of dates
PROFILE_RADICES = (SALARIES, len(NATIONALITIES), AGES, DAYS)
PROFILES = math.prod(PROFILE_RADICES)
MUNICIPALITIES = tuple(m.name for m in municipalities())


def pathway_profile(i: int) -> dict:
    """The i-th profile: salary, nationality, age and date differ between any two; the rest
    (qualification, recognition, occupation, languages, contract, place) varies with them."""
    salary, nationality, age, day = digits(scatter(i, PROFILES), PROFILE_RADICES)
    bits = _mix(i)

    def pick(options):
        nonlocal bits
        bits, k = divmod(bits, len(options))
        return options[k]

    evaluation = FIRST_DAY + dt.timedelta(days=day)
    level = pick(LEVELS)
    profile = {
        "evaluation_date": evaluation.isoformat(),
        "nationality": NATIONALITIES[nationality],
        "age": 18 + age,
        "municipality": pick(MUNICIPALITIES),
        "qualification": {
            "level": level,
            "recognition": pick(RECOGNITION) if level != "none" else "none",
            "occupation_isco": pick(OCCUPATIONS),
            "regulated_profession": pick((False, False, True)),
            "completed_on": (evaluation - dt.timedelta(days=200 + pick(range(4000)))).isoformat(),
        },
        "experience_years_last_5": pick((0, 0.5, 1, 2, 2.5, 3, 4, 5)),
        "job_offer": {
            "annual_gross_salary_eur": 25_000 + salary,
            "matches_qualification": pick((True, True, True, False)),
            "contract_months": pick((0, 0, 6, 12, 18, 24, 36)),
            "employer_bound_by_collective_agreement": pick((True, False)),
        },
        "german_level": pick(LANGUAGE),
        "english_level": pick(LANGUAGE),
    }
    if pick((True, False, False)):
        profile["previous_stay_in_germany_months_last_5_years"] = pick(range(0, 60, 3))
        profile["financial_means_secured"] = pick((True, False))
    return profile


# --- FAQ questions: topic + who + where + detail, in six languages --------------------------------

TOWNS = (
    "Garbsen", "Laatzen", "Hannover", "Burgdorf", "Langenhagen", "Wunstorf", "Lehrte", "Seelze",
    "Hemmingen", "Ronnenberg", "Barsinghausen", "Springe", "Neustadt", "Isernhagen", "Wedemark",
)  # fmt: skip
PHRASES = {
    "de": (
        "Blaue Karte beantragen|Chancenkarte Punkte berechnen|Anerkennung meines "
        "Berufsabschlusses|Familiennachzug für meine Frau|Niederlassungserlaubnis nach der Blauen "
        "Karte|Arbeitsvisum bei der Botschaft|beschleunigtes Fachkräfteverfahren Kosten|Zustimmung "
        "der Arbeitsagentur|Arbeitgeber wechseln mit Aufenthaltstitel|Wohnung anmelden Frist|"
        "Mindestgehalt Blaue Karte|Deutschkurs Nachweis B1|Krankenversicherung nach der Einreise|"
        "Termin Ausländerbehörde|Pflegekraft Anerkennung Defizitbescheid",
        "als Pflegekraft|als Softwareentwickler|als Elektrikerin|als Koch|für meinen Ehemann|mit "
        "zwei Kindern|nach dem Studium|mit fünf Jahren Berufserfahrung|ohne Hochschulabschluss|mit "
        "über 45 Jahren|als Berufskraftfahrer|als Ärztin|als Ingenieur|als Erzieherin|als "
        "Mechatroniker",
        "|".join(f"in {town}" for town in TOWNS),
        "wie lange dauert das|welche Unterlagen brauche ich|was kostet das|wer ist zuständig|bis "
        "wann muss ich das machen|geht das online|brauche ich einen Termin|ist das dringend|ab "
        "nächstem Monat|im Januar|im Sommer|schon in Deutschland|noch im Ausland|mit befristetem "
        "Vertrag|mit Teilzeitstelle",
    ),
    "en": (
        "apply for the Blue Card|opportunity card points|recognition of my degree|family reunion "
        "for my wife|permanent residence after the Blue Card|work visa at the embassy|fast-track "
        "procedure fees|approval of the employment agency|change employer with residence permit|"
        "register my address deadline|minimum salary Blue Card|German course B1 certificate|health "
        "insurance after arrival|appointment at the immigration office|nurse recognition deficit "
        "notice",
        "as a nurse|as a software developer|as an electrician|as a cook|for my husband|with two "
        "children|after my studies|with five years of experience|without a university degree|aged "
        "over 45|as a truck driver|as a doctor|as an engineer|as a kindergarten teacher|as a "
        "mechatronics technician",
        "|".join(f"in {town}" for town in TOWNS),
        "how long does it take|which documents do I need|how much does it cost|who is responsible|"
        "what is the deadline|can I do it online|do I need an appointment|is it urgent|starting "
        "next month|in January|in summer|already in Germany|still abroad|with a fixed-term "
        "contract|with a part-time job",
    ),
    "tr": (
        "Mavi Kart başvurusu|Fırsat Kartı puanları|diplomamın denkliği|eşim için aile birleşimi|"
        "Mavi Karttan sonra yerleşim izni|büyükelçilikte çalışma vizesi|hızlandırılmış işçi "
        "prosedürü ücreti|iş ajansının onayı|oturum izniyle işveren değiştirme|adres kaydı süresi|"
        "Mavi Kart asgari maaş|Almanca kursu B1 belgesi|girişten sonra sağlık sigortası|yabancılar "
        "dairesi randevusu|hemşire denklik eksiklik belgesi",
        "hemşire olarak|yazılım geliştirici olarak|elektrikçi olarak|aşçı olarak|kocam için|iki "
        "çocukla|üniversiteden sonra|beş yıllık deneyimle|üniversite diploması olmadan|45 yaşın "
        "üstünde|tır şoförü olarak|doktor olarak|mühendis olarak|öğretmen olarak|mekatronik "
        "teknisyeni olarak",
        "|".join(f"{town} bölgesinde" for town in TOWNS),
        "ne kadar sürer|hangi belgeler gerekli|ücreti ne kadar|kim yetkili|son tarih ne zaman|"
        "internetten yapılabilir mi|randevu gerekli mi|acil mi|gelecek aydan itibaren|ocak ayında|"
        "yazın|zaten Almanya'dayım|hâlâ yurt dışındayım|süreli sözleşmeyle|yarı zamanlı işle",
    ),
    "ar": (
        "|".join(
            (
                "طلب البطاقة الزرقاء",
                "نقاط بطاقة الفرص",
                "معادلة شهادتي",
                "لم شمل الأسرة لزوجتي",
                "الإقامة الدائمة بعد البطاقة الزرقاء",
                "تأشيرة العمل في السفارة",
                "رسوم الإجراء المعجل للعمال المهرة",
                "موافقة وكالة العمل",
                "تغيير صاحب العمل مع تصريح الإقامة",
                "مهلة تسجيل العنوان",
                "الحد الأدنى للراتب للبطاقة الزرقاء",
                "شهادة دورة اللغة الألمانية B1",
                "التأمين الصحي بعد الوصول",
                "موعد في مكتب الأجانب",
                "معادلة شهادة التمريض",
            )
        ),
        "كممرضة|كمطور برمجيات|ككهربائي|كطباخ|لزوجي|مع طفلين|بعد الدراسة|مع خبرة خمس سنوات|بدون "
        "شهادة جامعية|فوق سن 45|كسائق شاحنة|كطبيبة|كمهندس|كمعلمة|كفني ميكاترونيك",
        "في غاربسن|في لاتسن|في هانوفر|في بورغدورف|في لانغنهاغن|في فونستورف|في ليرته|في زيلتسه|"
        "في هيمينغن|في رونبرغ|في بارزينغهاوزن|في شبرينغه|في نويشتات|في إيزرنهاغن|في فيدمارك",
        "كم يستغرق ذلك|ما هي الوثائق المطلوبة|كم التكلفة|من المسؤول|ما هو الموعد النهائي|هل يمكن "
        "عبر الإنترنت|هل أحتاج إلى موعد|هل هو عاجل|من الشهر القادم|في يناير|في الصيف|أنا في "
        "ألمانيا بالفعل|ما زلت في الخارج|بعقد محدد المدة|بعمل جزئي",
    ),
    "es": (
        "solicitar la Tarjeta Azul|puntos de la tarjeta de oportunidades|reconocimiento de mi "
        "título|reagrupación familiar para mi esposa|residencia permanente después de la Tarjeta "
        "Azul|visado de trabajo en la embajada|tasas del procedimiento acelerado|aprobación de la "
        "agencia de empleo|cambiar de empleador con permiso de residencia|plazo para "
        "empadronarse|salario mínimo Tarjeta Azul|certificado de alemán B1|seguro médico después "
        "de llegar|cita en la oficina de extranjería|reconocimiento de enfermería con déficit",
        "como enfermera|como desarrollador de software|como electricista|como cocinero|para mi "
        "marido|con dos hijos|después de mis estudios|con cinco años de experiencia|sin título "
        "universitario|con más de 45 años|como camionero|como médica|como ingeniero|como "
        "educadora infantil|como técnico mecatrónico",
        "|".join(f"en {town}" for town in TOWNS),
        "cuánto tarda|qué documentos necesito|cuánto cuesta|quién es competente|cuál es el plazo|"
        "se puede hacer en línea|necesito una cita|es urgente|a partir del mes que viene|en enero|"
        "en verano|ya estoy en Alemania|todavía en el extranjero|con contrato temporal|con trabajo "
        "a tiempo parcial",
    ),
    "fr": (
        "demander la carte bleue|points de la carte opportunité|reconnaissance de mon diplôme|"
        "regroupement familial pour ma femme|titre de séjour permanent après la carte bleue|visa "
        "de travail à l'ambassade|frais de la procédure accélérée|autorisation de l'agence pour "
        "l'emploi|changer d'employeur avec un titre de séjour|délai pour déclarer mon adresse|"
        "salaire minimum carte bleue|attestation de cours d'allemand B1|assurance maladie après "
        "l'arrivée|rendez-vous au service des étrangers|reconnaissance infirmière avec déficit",
        "comme infirmière|comme développeur|comme électricien|comme cuisinier|pour mon mari|avec "
        "deux enfants|après mes études|avec cinq ans d'expérience|sans diplôme universitaire|à "
        "plus de 45 ans|comme chauffeur routier|comme médecin|comme ingénieur|comme éducatrice|"
        "comme technicien en mécatronique",
        "|".join(f"à {town}" for town in TOWNS),
        "combien de temps|quels documents|combien ça coûte|qui est compétent|quel est le délai|"
        "possible en ligne|faut-il un rendez-vous|est-ce urgent|à partir du mois prochain|en "
        "janvier|en été|déjà en Allemagne|encore à l'étranger|avec un contrat à durée déterminée|"
        "avec un temps partiel",
    ),
}
SLOTS = {lang: tuple(tuple(slot.split("|")) for slot in slots) for lang, slots in PHRASES.items()}
QUESTION_LANGUAGES = tuple(SLOTS)  # the languages the search supports (knowledge.text)
QUESTION_RADICES = tuple(len(slot) for slot in SLOTS["de"])
QUESTIONS_PER_LANGUAGE = math.prod(QUESTION_RADICES)
if any(tuple(len(slot) for slot in slots) != QUESTION_RADICES for slots in SLOTS.values()):
    raise ValueError("Every language needs as many phrases in each slot as German.")


def prefix(language: str) -> str:
    """The URL prefix of a language: none for German, the default (LANGUAGE_CODE)."""
    return "/" if language == "de" else f"/{language}/"


def faq_question(i: int) -> tuple[str, str]:
    """(language, question): the languages in turn, each question a new combination of a topic,
    a person, a town and a detail (50,625 per language)."""
    n, k = divmod(i, len(QUESTION_LANGUAGES))
    language = QUESTION_LANGUAGES[k]
    if n >= QUESTIONS_PER_LANGUAGE:
        raise IndexError(f"only {QUESTIONS_PER_LANGUAGE} distinct questions per language")
    # Each language starts elsewhere in the same permutation: not the same question translated.
    j = scatter((n + k * 7_919) % QUESTIONS_PER_LANGUAGE, QUESTIONS_PER_LANGUAGE)
    parts = [slot[d] for slot, d in zip(SLOTS[language], digits(j, QUESTION_RADICES), strict=True)]
    return language, " ".join(parts) + "?"


def faq_search_path(i: int) -> str:
    language, question = faq_question(i)
    return "/api/v1/faq/search?" + urlencode({"q": question, "lang": language})


def faq_entry_path(slugs: list[str]):
    """The entry pages as the search links them: each a slug in a language, with the question
    that led there (`?q=`, which the page's feedback form carries) never asked before."""

    def path(i: int) -> str:
        language, question = faq_question(i)
        return f"{prefix(language)}faq/{slugs[i % len(slugs)]}/?q={quote(question)}"

    return path


# --- places and dates for the jurisdiction -------------------------------------------------------


def jurisdiction_query(postal_codes: list[str]):
    """A postal code of the Region on a date between 2020 and 2029: distinct pairs."""
    days = 3_650
    radices = (len(postal_codes), days)

    def query(i: int) -> dict:
        code, day = digits(scatter(i, math.prod(radices)), radices)
        on = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        return {"postal_code": postal_codes[code], "date": on.isoformat()}

    return query
