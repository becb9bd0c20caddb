"""The generator's vocabularies, one for each split: test personas draw names, companies, schools
and skills from lists disjoint from train's (checked by `check_disjoint`), so a score on the test
split says how the analyst does on values it has never seen.

Everything is fictional. Companies and schools are made-up names in the shapes real ones take;
e-mail domains are the reserved example domains; phone numbers use the ranges kept for fiction
(Korean 010-0xxx-xxxx is unassigned in practice; North American 555-01xx).
"""

from __future__ import annotations

from dataclasses import dataclass

# Korean surnames with their Hanja and the romanisation families usually print.
KO_SURNAMES: tuple[tuple[str, str, str], ...] = (
    ("김", "金", "Kim"), ("이", "李", "Lee"), ("박", "朴", "Park"), ("최", "崔", "Choi"),
    ("정", "鄭", "Jung"), ("강", "姜", "Kang"), ("조", "趙", "Cho"), ("윤", "尹", "Yoon"),
    ("장", "張", "Jang"), ("임", "林", "Lim"), ("한", "韓", "Han"), ("오", "吳", "Oh"),
    ("서", "徐", "Seo"), ("신", "申", "Shin"), ("권", "權", "Kwon"), ("황", "黃", "Hwang"),
    ("안", "安", "Ahn"), ("송", "宋", "Song"), ("류", "柳", "Ryu"), ("전", "全", "Jeon"),
    ("홍", "洪", "Hong"), ("고", "高", "Ko"), ("문", "文", "Moon"), ("양", "梁", "Yang"),
    ("손", "孫", "Son"), ("배", "裵", "Bae"), ("백", "白", "Baek"), ("허", "許", "Heo"),
    ("남", "南", "Nam"), ("노", "盧", "Noh"), ("하", "河", "Ha"), ("곽", "郭", "Kwak"),
    ("성", "成", "Sung"), ("차", "車", "Cha"), ("주", "朱", "Joo"), ("우", "禹", "Woo"),
    ("민", "閔", "Min"), ("진", "陳", "Jin"), ("남궁", "南宮", "Namgung"),
    ("황보", "皇甫", "Hwangbo"), ("제갈", "諸葛", "Jegal"), ("선우", "鮮于", "Sunwoo"),
)  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """What one split's personas are made of."""

    ko_given: tuple[tuple[str, str], ...]  # syllable, Hanja ("" for a native Korean syllable)
    ko_native_given: tuple[str, ...]  # whole native given names (no Hanja)
    en_first: tuple[str, ...]
    en_last: tuple[str, ...]
    ko_company_stems: tuple[str, ...]
    ko_company_kinds: tuple[str, ...]
    en_company_stems: tuple[str, ...]
    en_company_kinds: tuple[str, ...]
    ko_school_stems: tuple[str, ...]
    en_schools: tuple[str, ...]
    skills: dict[str, tuple[str, ...]]  # by field of work


TRAIN = Vocabulary(
    ko_given=(
        ("민", "敏"), ("준", "俊"), ("서", "瑞"), ("연", "延"), ("지", "智"), ("우", "宇"),
        ("현", "賢"), ("수", "秀"), ("하", "夏"), ("윤", "允"), ("도", "道"), ("예", "藝"),
        ("은", "恩"), ("호", "浩"), ("진", "眞"), ("영", "英"), ("재", "在"), ("혜", "惠"),
    ),
    ko_native_given=("하늘", "다온", "나래", "보람", "한별", "가온"),
    en_first=(
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella",
        "Lucas", "Priya", "Arjun", "Chinedu", "Amara", "Diego", "Lucia", "Mateo", "Yuki",
        "Hiroshi", "Fatima", "Omar", "Aisha", "Tomasz", "Zofia", "Lars", "Ingrid", "Kwame",
        "Ngozi", "Thandiwe", "Rafael",
    ),
    en_last=(
        "Carter", "Nguyen", "Okafor", "Patel", "Fernández", "Kowalski", "Andersson", "Haddad",
        "Tanaka", "Mensah", "Rossi", "Dubois", "Schmidt", "O'Brien", "MacLeod", "Silva",
        "Ivanova", "Moreau", "Jensen", "Delgado", "Abara", "Whitlock",
    ),
    ko_company_stems=(
        "한빛", "누리", "다온", "가람", "새솔", "푸른숲", "별빛", "온새미로", "미리내", "아라",
        "해랑", "늘품", "라온", "바른", "하람",
    ),
    ko_company_kinds=(
        "소프트", "테크", "데이터", "랩스", "시스템즈", "네트웍스", "바이오", "물산", "건설",
        "전자", "커머스", "모빌리티", "헬스케어", "에듀", "페이",
    ),
    en_company_stems=(
        "Northwind", "Bluepeak", "Ironwood", "Silverline", "Harborview", "Redstone",
        "Clearwater", "Brightpath", "Summitview", "Oakridge", "Pinecrest", "Stonebridge",
        "Lakeshore", "Maplewood", "Goldleaf",
    ),
    en_company_kinds=(
        "Analytics", "Labs", "Systems", "Health", "Logistics", "Capital", "Robotics", "Media",
        "Foods", "Energy", "Software", "Consulting", "Financial", "Networks", "Retail",
    ),
    ko_school_stems=("한빛", "가람", "누리", "미리내", "새솔", "늘푸른", "아라", "한울", "솔빛"),
    en_schools=(
        "University of Northbrook", "Westfield State University", "Carrington College",
        "Ashford Institute of Technology", "Bellmont University", "Lakeview Community College",
        "Harwick School of Design", "Glenmore University", "St. Aldric College",
        "Eastvale Polytechnic",
    ),
    skills={
        "backend": (
            "Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Kafka", "Docker",
            "Kubernetes", "AWS", "Terraform", "gRPC", "Celery",
        ),
        "frontend": (
            "JavaScript", "TypeScript", "React", "Next.js", "Redux", "Webpack", "Jest", "CSS",
            "HTML", "Storybook",
        ),
        "data": ("Spark", "Airflow", "dbt", "Snowflake", "BigQuery", "Pandas", "SQL", "Tableau"),
        "ml": ("PyTorch", "scikit-learn", "XGBoost", "MLflow", "NumPy", "Hugging Face"),
        "design": ("Figma", "Adobe Photoshop", "Adobe Illustrator", "Zeplin", "Protopie"),
        "finance": (
            "SAP FI", "더존 iCUBE", "세무회계", "원가관리", "QuickBooks", "NetSuite", "Xero",
        ),
        "office": ("한글(HWP)", "파워포인트", "엑셀", "Confluence", "Jira"),
        "marketing": ("Google Analytics", "SEO", "퍼포먼스 마케팅", "카피라이팅", "GA4"),
    },
)  # fmt: skip

TEST = Vocabulary(
    ko_given=(
        ("태", "泰"), ("경", "京"), ("선", "善"), ("희", "熙"), ("동", "東"), ("석", "錫"),
        ("나", "娜"), ("란", "蘭"), ("미", "美"), ("주", "周"), ("규", "奎"), ("훈", "勳"),
        ("빈", "彬"), ("아", "雅"), ("온", "溫"), ("찬", "燦"), ("린", "璘"), ("범", "範"),
    ),
    ko_native_given=("슬기", "초롱", "여울", "누리", "단비", "해솔"),
    en_first=(
        "Harper", "Elijah", "Mia", "Oliver", "Charlotte", "James", "Amelia", "Benjamin",
        "Ananya", "Rohan", "Emeka", "Chiamaka", "Santiago", "Valentina", "Haruto", "Sakura",
        "Layla", "Yusuf", "Khadija", "Piotr", "Agnieszka", "Erik", "Astrid", "Kofi", "Abena",
        "Matteo", "Nadia", "Dmitri", "Leilani", "Tariq",
    ),
    en_last=(
        "Brooks", "Tran", "Adeyemi", "Sharma", "Gutiérrez", "Nowak", "Lindqvist", "Khalil",
        "Yamamoto", "Owusu", "Bianchi", "Lefèvre", "Becker", "Gallagher", "Fraser", "Costa",
        "Petrova", "Laurent", "Holm", "Navarro", "Eze", "Ashcombe",
    ),
    ko_company_stems=(
        "은하수", "도담", "나래", "새벽", "한결", "마루", "보람", "슬기", "초롱", "꽃가람",
        "윤슬", "여울", "든솔", "세움", "단미",
    ),
    ko_company_kinds=(
        "솔루션", "인터랙티브", "로보틱스", "에너지", "반도체", "제약", "물류", "금융",
        "게임즈", "미디어", "푸드", "엔지니어링", "클라우드", "보안", "통신",
    ),
    en_company_stems=(
        "Crescent", "Tidewater", "Granite", "Evergreen", "Sunflower", "Riverbend", "Westgate",
        "Cobalt", "Ambercrest", "Foxglove", "Kestrel", "Meridian", "Juniper", "Saltmarsh",
        "Highfield",
    ),
    en_company_kinds=(
        "Dynamics", "Partners", "Technologies", "Biotech", "Freight", "Ventures",
        "Interactive", "Studios", "Outfitters", "Semiconductors", "Insurance", "Pharma",
        "Hospitality", "Telecom", "Learning",
    ),
    ko_school_stems=("은하", "도담", "한결", "마루", "보람", "윤슬", "여울", "세움", "단미"),
    en_schools=(
        "University of Southmere", "Eastbrook State University", "Pemberton College",
        "Halden Institute of Technology", "Corrine University", "Rivergate Community College",
        "Thornbury School of Art", "Kingsreach University", "St. Wilfrid College",
        "Northvale Polytechnic",
    ),
    skills={
        "backend": (
            "Go", "Gin", "MySQL", "RabbitMQ", "MongoDB", "Elasticsearch", "GCP", "Ansible",
            "Nginx", "Spring Boot", "Java", "Kotlin",
        ),
        "frontend": (
            "Vue.js", "Nuxt", "Angular", "Svelte", "Vite", "Cypress", "Tailwind CSS", "Sass",
            "RxJS", "Playwright",
        ),
        "data": (
            "Flink", "Hadoop", "Hive", "Redshift", "Databricks", "Looker", "Power BI", "Presto",
        ),
        "ml": ("TensorFlow", "Keras", "LightGBM", "Kubeflow", "JAX", "OpenCV"),
        "design": ("Sketch", "Adobe XD", "InDesign", "After Effects", "Blender"),
        "finance": (
            "Oracle ERP", "영림원 K-System", "IFRS", "재무제표 분석", "Sage", "Hyperion", "Workday",
        ),
        "office": ("MS Word", "Google Sheets", "Notion", "Slack", "Trello"),
        "marketing": ("Meta Ads", "CRM", "HubSpot", "콘텐츠 마케팅", "Braze"),
    },
)  # fmt: skip

VOCABULARIES = {"train": TRAIN, "test": TEST}


def _values(vocabulary: Vocabulary) -> dict[str, set[str]]:
    fold = str.casefold
    return {
        "ko_given": {s for s, _ in vocabulary.ko_given} | set(vocabulary.ko_native_given),
        "en_first": set(map(fold, vocabulary.en_first)),
        "en_last": set(map(fold, vocabulary.en_last)),
        "companies": set(vocabulary.ko_company_stems) | set(map(fold, vocabulary.en_company_stems)),
        "schools": set(vocabulary.ko_school_stems) | set(map(fold, vocabulary.en_schools)),
        "skills": {fold(s) for group in vocabulary.skills.values() for s in group},
    }


def check_disjoint() -> None:
    """Raise when a name part, company stem, school or skill is in both splits."""
    train, test = _values(TRAIN), _values(TEST)
    shared = {kind: sorted(train[kind] & test[kind]) for kind in train}
    shared = {kind: values for kind, values in shared.items() if values}
    if shared:
        raise ValueError(f"the splits share vocabulary: {shared}")
