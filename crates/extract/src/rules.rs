//! The extraction rules kept as data: class/id hints, agency names, byline
//! prefixes, chrome labels and tag roles. Keeping them here (sorted, commented)
//! lets a reader audit or extend the heuristics without reading the pipeline.

/// Class/id/itemprop tokens that mark the main text. A token matches when it equals
/// the hint or starts with it (so `content` matches `contents`, `entry` `entry-body`'s
/// first token).
pub const POSITIVE_HINTS: &[&str] = &[
    "article",    // <div class="article">, article-body, articleBody
    "articlebody", // schema.org itemprop spelled as one word
    "body",       // post-body, story-body, news-body
    "content",    // entry-content, main-content
    "detail",     // news-details, detail-page (common on Arabic CMSs)
    "entry",      // WordPress entry-content
    "main",       // main-content
    "news",       // news-text, news-body
    "post",       // post-content, single-post
    "story",      // story-body, storytext
    "text",       // article-text, news_text
];

/// Tokens that mark page chrome. "ad" and its spellings must match a whole token,
/// because as a prefix it would hit "address", "adjust" and so on.
pub const NEGATIVE_HINTS: &[&str] = &[
    "banner",     // ad banners and site banners
    "breadcrumb", // navigation trail
    "breaking",   // breaking-news tickers above the article
    "caption",    // photo captions are taken separately, never as body
    "comment",    // comments, comment-list, commentform
    "cookie",     // consent banners
    "credit",     // photo credits
    "footer",     // page and article footers
    "header",     // site masthead
    "menu",       // menus, mega-menu
    "mostread",   // "most read" boxes written as one word
    "nav",        // nav, navbar, navigation
    "newsletter", // sign-up boxes
    "popular",    // popular posts
    "poll",       // reader polls
    "print",      // print/email tool bars
    "promo",      // promotions
    "related",    // related stories
    "share",      // share bars, sharethis
    "sidebar",    // side columns
    "social",     // social buttons
    "tags",       // tag clouds under the article
    "ticker",     // news tickers
];

/// Whole-token negatives: short words that would match too much as prefixes.
pub const NEGATIVE_EXACT: &[&str] = &[
    "ad",        // class="ad"
    "ads",       // ads containers
    "adsbygoogle", // Google AdSense slot
    "advert",    // advert boxes
    "advertisement", // spelled out
    "dfp",       // DoubleClick for Publishers slots
    "most",      // most-read, most-viewed: "most" as its own token
    "outbrain",  // content recommendation widget
    "pager",     // "next page" links under listings; not "pagination", which CSS-module
                 // names such as "filtering-and-pagination_page-container" put on whole pages
    "rss",       // feed widgets (often dead)
    "subscribe", // subscription prompts; whole token: "subscriber-only" marks paywalled article text (naeb)
    "taboola",   // content recommendation widget
    "widget",    // CMS sidebar widgets; whole token only: CSS-module names such as
    "widgets",   // "WidgetWrapper_x" wrap every block of some articles (wcxb-dev)
];

/// Class-name prefixes of page builders that wrap every block, the article's
/// included, in the same scaffolding: stripped before the hints are read, so
/// that "elementor-widget-container" (around the post content as around the
/// sidebar) says nothing, and "elementor-widget-theme-post-content" says
/// "post content". Longer prefixes first.
pub const BUILDER_PREFIXES: &[&str] = &[
    "ck-widget",        // CKEditor 5: ck-widget wraps images, tables and grids inside the article text (wcxb-dev)
    "hs_cos_wrapper_widget", // HubSpot CMS: every module, the rich text of the article included
    "hs_cos_wrapper",   // HubSpot CMS: hs_cos_wrapper_type_module, _type_rich_text
    "widget-span",      // HubSpot CMS drag-and-drop columns
    "widget-type-custom_widget", // HubSpot CMS: the module holding a custom block
    "widget-type-",     // HubSpot CMS: widget-type-rich_text, widget-type-cell
    "elementor-widget", // Elementor (WordPress): elementor-widget, -container, -theme-post-content
    "elementor-",       // Elementor: elementor-element, elementor-section, elementor-column
];

/// Tags whose whole subtree is never article text.
pub const SKIPPED_TAGS: &[&str] = &[
    "aside", "button", "canvas", "footer", "head", "header", "iframe", "input", "label", "link",
    "map", "math", "meta", "nav", "noscript", "object", "option", "script", "select", "style",
    "svg", "template", "textarea", "title", "video",
];

/// Tags that start a new line of text (the others are inline and flow into it).
pub const BLOCK_TAGS: &[&str] = &[
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];

/// News agencies: a byline naming only one of these is a source, not a person.
/// Compared after trimming, on whole words.
pub const AGENCIES: &[&str] = &[
    "AFP",          // Agence France-Presse
    "AP",           // Associated Press
    "Anadolu",
    "DPA",          // Deutsche Presse-Agentur
    "Reuters",
    "Xinhua",
    "أ ش أ",        // Middle East News Agency (Egypt)
    "أ ف ب",        // AFP in Arabic
    "أ. ف. ب",      // AFP with dots
    "أ.ف.ب",
    "أسوشيتد برس",  // Associated Press in Arabic
    "إرنا",         // Islamic Republic News Agency
    "الأناضول",     // Anadolu
    "الاناضول",     // Anadolu without hamza
    "العمانية",     // Oman News Agency, as credited
    "بترا",         // Jordan News Agency
    "بنا",          // Bahrain News Agency
    "د ب أ",        // DPA in Arabic
    "رويترز",       // Reuters
    "سانا",         // Syrian Arab News Agency
    "سبوتنيك",      // Sputnik
    "شينخوا",       // Xinhua in Arabic
    "فرانس برس",    // AFP, as often credited
    "قنا",          // Qatar News Agency
    "كونا",         // Kuwait News Agency
    "واج",          // Algeria Press Service
    "واس",          // Saudi Press Agency
    "وام",          // Emirates News Agency
    "وفا",          // Palestinian News Agency
    "وكالات",       // "agencies"
    "وكالة",        // "agency ..."
];

/// Places that open Arabic datelines ("عمّان - فلان", "غزة - خاص", "بيروت -
/// مراسلنا"): capitals, big cities and the places most reported from. A short
/// line made of one of these and a name is a credit, not body text, and the name
/// is the author. Compared as comparison keys, whole part only.
pub const DATELINE_PLACES: &[&str] = &[
    "أبوظبي", "أبو ظبي", "أربيل", "أسوان", "أنقرة", "إدلب", "إسطنبول", "اسطنبول", "الإسكندرية",
    "البصرة", "الجزائر", "الحديدة", "الحسكة", "الخرطوم", "الخليل", "الدار البيضاء", "الدوحة",
    "الرباط", "الرقة", "الرياض", "الزرقاء", "السليمانية", "الشارقة", "الضفة الغربية", "الطائف",
    "القاهرة", "القدس", "القدس المحتلة", "القنيطرة", "الكويت", "اللاذقية", "المنامة", "الموصل",
    "النجف", "الناصرة", "إربد", "بروكسل", "بغداد", "بنغازي", "بيروت", "باريس", "برلين",
    "بورتسودان", "تعز", "تونس", "جدة", "جنيف", "جنين", "حلب", "حماة", "حمص", "حيفا", "دبي",
    "درعا", "دمشق", "دير الزور", "رام الله", "صنعاء", "صفاقس", "صيدا", "طرابلس", "طهران",
    "عدن", "عمان", "عمّان", "غزة", "فاس", "كربلاء", "لندن", "مأرب", "مراكش", "مسقط", "مكة",
    "مكة المكرمة", "موسكو", "نابلس", "نواكشوط", "نيويورك", "واشنطن", "وهران",
];

/// Words a byline starts with before the name ("written by", "by", "prepared by",
/// "report"). Longer entries first so that "كتبت" wins over "كتب".
pub const BYLINE_PREFIXES: &[&str] = &[
    "الكاتب", // "the writer:"
    "بواسطة", // by
    "بقلم", // by the pen of
    "إعداد", // prepared by
    "اعداد", // prepared by, no hamza
    "تقرير", // report by
    "كتبها", // written by (her)
    "كتبه", // written by (him)
    "كتبت", // she wrote
    "كتب", // he wrote
    "written by", // English
    "author", // "Author, Name" label (BBC style)
    "by", // English
];

/// First words of credits that name a desk, a team or a role rather than a
/// person ("محرر الشؤون العربية", "فريق التحرير"): such a byline gives no
/// author. Compared as comparison keys on the credit's first word. Arabic only:
/// English gold sets (naeb, wcxb-dev) keep "Staff" and "Team X" as the author.
pub const DESK_CREDIT_WORDS: &[&str] = &[
    "أسرة", // أسرة التحرير: the editorial family
    "المحرر", // the editor
    "قسم", // department
    "محرر", // editor (of a desk)
    "محررو", // editors
    "مراسل", // correspondent (of an outlet)
    "مراسلنا", // our correspondent
    "مراسلو", // correspondents
    "مندوب", // delegate reporter
    "مندوبنا", // our delegate reporter
    "هيئة", // هيئة التحرير: the editorial board
    "فريق", // team
    "وحدة", // unit (investigations unit, ...)
];

/// Labels of page chrome in Arabic (and a few English ones): a short line that is
/// one of these, or starts with one, is a widget heading or an insert, not body text.
pub const CHROME_LABELS: &[&str] = &[
    "about the author",
    "add a comment",
    "also read",
    "leave a comment",
    "leave a reply",
    "more stories",
    "most popular",
    "read also",
    "read more",
    "recommended for you",
    "related",
    "trending now",
    "you may also like",
    "آخر الأخبار",    // latest news
    "آخر تحديث",       // "last updated: <date>" stamps
    "أحدث الأخبار",   // latest news
    "أخبار ذات صلة",  // related news
    "أخبار متعلقة",   // related news
    "أرسل لصديق",      // "send to a friend"
    "أضف تعليق",       // add a comment
    "أضف تعليقا",
    "أضف تعليقك",
    "اترك تعليقا",     // leave a comment
    "اخبار ذات صلة",
    "اخترنا لكم",     // "our picks for you"
    "ارسل لصديق",
    "استطلاع",        // poll
    "اشترك",          // subscribe
    "اقرأ أيضا",      // read also
    "اقرأ أيضاً",
    "اقرأ المزيد",    // read more
    "اقرأ ايضا",
    "اقرأ كذلك",      // read as well
    "اقرا ايضا",
    "اكتب تعليقك",     // write your comment
    "الأكثر تداولا",  // most shared
    "الأكثر تصفحا",   // most browsed
    "الأكثر تعليقا",  // most commented
    "الأكثر شعبية",   // most popular
    "الأكثر قراءة",   // most read
    "الأكثر مشاهدة",  // most viewed
    "الاكثر قراءة",
    "الاكثر مشاهدة",
    "الرئيسية",        // "home" at the head of a breadcrumb trail
    "المزيد من الأخبار", // more news
    "النشرة البريدية", // newsletter
    "تابعونا",        // follow us
    "تصغير الخط",
    "تعليقات",        // comments
    "تكبير الخط",      // font-size tools
    "حجم الخط",
    "روابط ذات صلة",  // related links
    "شارك",           // share
    "شاركوا",         // share (plural)
    "شاهد أيضا",      // watch also
    "طالع أيضا",      // see also
    "طباعة",           // print
    "عن الكاتب",       // author bio box
    "قد يعجبك",       // you may like
    "قد يهمك",        // you may be interested
    "قصص مقترحة",     // suggested stories
    "مقالات ذات صلة", // related articles
    "مواضيع ذات صلة", // related topics
    "مواضيع متعلقة",  // related topics
    "موضوعات ذات صلة", // related topics
    "نبذة عن الكاتب",  // author bio box
    "ننصحك بقراءة",   // we recommend reading
    "نهاية قصص مقترحة", // "end of suggested stories"
    "يستحق الانتباه", // "worth your attention" promo box
    "يهمك أيضا",      // also of interest
    "کد خبر",         // Persian "news code:" id/date/views line
];

/// Labels of credit and caption lines ("تصوير: ...", "المصدر: ...", "Getty
/// Images"): the line is dropped like a chrome label, but only the line, since a
/// credit labels a photo or a source, not the box it sits in (a teaser's photo
/// credit opens its box on listings).
pub const CREDIT_LABELS: &[&str] = &[
    "getty images",    // photo agency credit
    "image credit",
    "photo credit",
    "shutterstock",    // stock photo credit
    "tags",
    "التعليق على الصورة", // "caption:" label before a photo caption
    "الرابط المختصر",  // "short link: <url>"
    "الصورة",          // "photo: <caption>"
    "الكلمات الدالة",  // tags
    "الكلمات المفتاحية", // keywords
    "المصدر",          // "source: <outlet or agency>" credit line
    "الوسوم",          // tags
    "تصوير",           // "photographed by" credit
    "رابط مختصر",      // "short link: <url>"
    "صدر الصورة",     // "image source:" photo credit label
    "صورة أرشيفية",    // "archive photo" caption
    "صورة من الأرشيف", // "photo from the archive"
    "عدد القراءات",    // read counter
    "عدد المشاهدات",   // view counter
    "كلمات دالة",      // tags
    "كلمات مفتاحية",   // keywords
    "مدة القراءة",     // reading time
    "مصدر الصورة",     // "image source"
    "وقت القراءة",     // reading time
];

/// Phrases of boilerplate notices printed under articles: opinion disclaimers,
/// comment policies, copyright lines. A paragraph of at most
/// [`NOTICE_MAX_CHARS`] containing one is dropped.
pub const NOTICE_PHRASES: &[&str] = &[
    "accept all cookies",            // cookie banners, when their box is not marked
    "all rights reserved",
    "cookie policy",
    "cookie settings",
    "site uses cookies",
    "these cookies",
    "we use cookies",
    "جميع الحقوق محفوظة",   // all rights reserved
    "حقوق الطبع محفوظة",    // "printing rights reserved"
    "حقوق النشر محفوظة",    // "publishing rights reserved"
    "لا تعبر بالضرورة",     // "does not necessarily reflect" (opinion disclaimer)
    "لا تعكس بالضرورة",
    "لا يعبر بالضرورة",
    "لا يعكس بالضرورة",
    "تعليقك",               // "your comment" (will appear after review, ...)
    "مراجعة التعليقات",     // comment moderation policy
    "متفق ہونا ضروری نہیں", // Urdu opinion disclaimer
    "نستخدم الكوكيز",          // "we use cookies"
    "نستخدم ملفات تعريف الارتباط",
    "يستخدم ملفات تعريف الارتباط", // "(the site) uses cookies"
    "وجهات نظر أصحابها",    // "the views of their authors only"
];

/// Channels a "follow us" insert points to. With a [`CALL_TO_ACTION_WORDS`] word
/// in a short line they make a promotion ("تابعوا آخر الأخبار عبر قناتنا على
/// تلغرام"), not body text. Compared as comparison-key words.
pub const PROMO_CHANNELS: &[&str] = &[
    "facebook", "google", "instagram", "telegram", "tiktok", "twitter", "whatsapp", "youtube",
    "انستجرام", "انستغرام", "انستقرام", "إنستغرام", "تطبيقنا", "تلجرام", "تلغرام", "تليجرام",
    "تليغرام", "تويتر", "تيك", "تيليجرام", "تيليغرام", "جوجل", "غوغل", "فيس", "فيسبوك",
    "قناتنا", "واتس", "واتساب", "يوتيوب",
];

/// Imperatives of promotions (follow, subscribe, join, download, click), and the
/// first-person-plural nouns of the outlet's own channels ("our channel").
pub const CALL_TO_ACTION_WORDS: &[&str] = &[
    "follow", "join", "subscribe",
    "اشترك", "اشتركوا", "اضغط", "انضم", "انضموا", "انقر", "تابعنا", "تابعوا", "تابعونا",
    "حساباتنا", "حسابنا", "حمل", "حملوا", "صفحتنا", "قناتنا",
];

/// Phrases of "click here" lines ("للمزيد من الأخبار اضغط هنا") and of the
/// account and paywall prompts ("هذه المادة للمشتركين. اشترك الآن", "Already a
/// subscriber? Sign in"): with a link in a short line they are navigation,
/// whatever else the line says.
pub const CLICK_PHRASES: &[&str] = &[
    "already a subscriber", "click here", "log in or sign up", "sign in", "subscribe now",
    "اشترك الآن", "اضغط على الرابط", "اضغط هنا", "انقر على الرابط", "انقر هنا", "تسجيل الدخول",
    "سجل الدخول",
];

/// Whole short lines that are a slot's label, never text: "إعلان" over an ad,
/// "Advertisement". Matched on the whole line (as a prefix they would hit
/// "إعلان الحكومة ...").
pub const SLOT_LABELS: &[&str] = &[
    "advertisement", "advertising", "scroll to continue with content", "sponsored",
    "إعلان", "إعلان تجاري", "محتوى إعلاني", "محتوى مدفوع", "مساحة إعلانية",
];

/// Longest line that can be a promotion or a "click here" line.
pub const PROMO_MAX_CHARS: usize = 120;

/// Longest paragraph that can be a boilerplate notice.
pub const NOTICE_MAX_CHARS: usize = 400;

/// Words that label a date stamp ("آخر تحديث 14:00", "نشر في"): a short line with
/// a date and one of these is a stamp, not body text.
pub const DATE_LABELS: &[&str] = &[
    "gmt",
    "published",
    "updated",
    "آخر تحديث",   // last updated
    "بتوقيت",      // "... time" (مكة، غرينتش)
    "تاريخ النشر", // publication date
    "نشر في",      // published on
    "نشر بتاريخ",
    "نشر:",
];

/// Text of broken widgets that CMSs print in place of a feed or a module.
/// A short line containing one of these is dropped.
pub const WIDGET_ERRORS: &[&str] = &[
    "could not be loaded",
    "error loading",
    "feed not found",
    "is not found",
    "not found",
    "rss error",
    "xml error",
    "غير موجود",  // "does not exist"
    "فشل تحميل",  // "failed to load"
    "لا توجد عناصر", // "no items"
];

/// schema.org types that describe one article.
pub const ARTICLE_TYPES: &[&str] = &[
    "AnalysisNewsArticle", "Article", "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting",
    "NewsArticle", "OpinionNewsArticle", "ReportageNews", "ReviewNewsArticle", "Report",
];

/// Meta keys giving the publication date, best first.
pub const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
];

/// Meta keys giving the last modification date, best first.
pub const MODIFIED_META_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
];

/// Class/id words of a marked lead or standfirst under the headline. Matched as
/// whole tokens, or inside the class string for the compound spellings.
pub const SUBTITLE_HINTS: &[&str] = &[
    "deck",          // magazine templates
    "excerpt",       // WordPress excerpt shown on the article page
    "intro",         // intro paragraph box
    "lead",          // lead paragraph
    "standfirst",    // British templates
    "strapline",
    "sub-title",
    "sub_title",
    "subheadline",
    "subtitle",
];

/// Title separators between the headline and the site name.
pub const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " ‹ ", " › ", " || "];

/// Comparison keys ([`crate::text::key`]) of the label tables, computed once:
/// they are matched against every segment of every page.
pub static CHROME_LABEL_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(CHROME_LABELS));
pub static DESK_CREDIT_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(DESK_CREDIT_WORDS));
pub static CREDIT_LABEL_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(CREDIT_LABELS));
pub static BYLINE_PREFIX_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(BYLINE_PREFIXES));
pub static AGENCY_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(AGENCIES));
pub static DATELINE_PLACE_KEYS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| keys(DATELINE_PLACES).into_iter().collect());
pub static PROMO_CHANNEL_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(PROMO_CHANNELS));
pub static CALL_TO_ACTION_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(CALL_TO_ACTION_WORDS));
pub static CLICK_PHRASE_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(CLICK_PHRASES));
pub static SLOT_LABEL_KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| keys(SLOT_LABELS));

fn keys(table: &[&str]) -> Vec<String> {
    table.iter().map(|entry| crate::text::key(entry)).collect()
}

pub fn is_skipped_tag(tag: &str) -> bool {
    SKIPPED_TAGS.binary_search(&tag).is_ok()
}

pub fn is_block_tag(tag: &str) -> bool {
    BLOCK_TAGS.binary_search(&tag).is_ok()
}

/// Net hint of a class/id string: positive for main text, negative for chrome.
pub fn class_weight(attr: &str) -> i32 {
    let mut weight = 0;
    let lower: std::borrow::Cow<'_, str> =
        if attr.bytes().any(|b| b.is_ascii_uppercase()) { attr.to_ascii_lowercase().into() } else { attr.into() };
    // Bytes rather than chars: names are split on ASCII whitespace and tokens
    // on anything but ASCII letters and digits, so every byte of a non-ASCII
    // character is a separator either way.
    for name in lower.as_bytes().split(u8::is_ascii_whitespace).filter(|n| !n.is_empty()) {
        // A name is not empty, so a prefix's first byte rules most prefixes
        // out before a comparison.
        let name = BUILDER_PREFIXES
            .iter()
            .filter(|prefix| prefix.as_bytes().first().is_none_or(|&b| name[0] == b))
            .find_map(|prefix| name.strip_prefix(prefix.as_bytes()))
            .unwrap_or(name);
        for token in name.split(|b| !b.is_ascii_alphanumeric()).filter(|t| !t.is_empty()) {
            weight += token_weight(token);
        }
    }
    weight
}

/// Hint of one token: -1 when it is one of [`NEGATIVE_EXACT`] or starts with
/// one of [`NEGATIVE_HINTS`], else +1 when it starts with one of
/// [`POSITIVE_HINTS`]. Only the hints that begin with the token's first byte
/// can match, so only they are compared (a class string has a dozen tokens
/// and the tables fifty hints).
fn token_weight(token: &[u8]) -> i32 {
    let Some(&first) = token.first() else { return 0 };
    let Some(hints) = HINTS_BY_FIRST_BYTE.get(usize::from(first)) else { return 0 };
    let mut positive = false;
    for &(hint, kind) in hints {
        match kind {
            HintKind::NegativeExact if token == hint.as_bytes() => return -1,
            HintKind::Negative if token.starts_with(hint.as_bytes()) => return -1,
            HintKind::Positive if token.starts_with(hint.as_bytes()) => positive = true,
            _ => {}
        }
    }
    i32::from(positive)
}

#[derive(Clone, Copy)]
enum HintKind {
    NegativeExact,
    Negative,
    Positive,
}

/// The hint tables by their first byte (tokens are ASCII letters and digits,
/// so 128 lists); an empty hint would match every token and goes in every list.
static HINTS_BY_FIRST_BYTE: std::sync::LazyLock<Vec<Vec<(&'static str, HintKind)>>> = std::sync::LazyLock::new(|| {
    let mut lists = vec![Vec::new(); 128];
    let tables = [(NEGATIVE_EXACT, HintKind::NegativeExact), (NEGATIVE_HINTS, HintKind::Negative), (POSITIVE_HINTS, HintKind::Positive)];
    for (table, kind) in tables {
        for &hint in table {
            for (byte, list) in lists.iter_mut().enumerate() {
                if hint.as_bytes().first().is_none_or(|&b| usize::from(b) == byte) {
                    list.push((hint, kind));
                }
            }
        }
    }
    lists
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_tables_are_sorted_for_binary_search() {
        assert!(SKIPPED_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(BLOCK_TAGS.windows(2).all(|w| w[0] < w[1]));
    }

    /// The straightforward reading of a class string: every token against every table.
    fn class_weight_slow(attr: &str) -> i32 {
        let mut weight = 0;
        let lower = attr.to_ascii_lowercase();
        let names = lower.split_ascii_whitespace().map(|name| BUILDER_PREFIXES.iter().find_map(|prefix| name.strip_prefix(prefix)).unwrap_or(name));
        let tokens = names.flat_map(|name| name.split(|c: char| !c.is_ascii_alphanumeric()));
        for token in tokens.filter(|t| !t.is_empty()) {
            if NEGATIVE_EXACT.contains(&token) || NEGATIVE_HINTS.iter().any(|h| token.starts_with(h)) {
                weight -= 1;
            } else if POSITIVE_HINTS.iter().any(|h| token.starts_with(h)) {
                weight += 1;
            }
        }
        weight
    }

    /// Every hint alone, as a prefix, inside a word, with builder prefixes and
    /// in upper case reads as the straightforward version reads it.
    #[test]
    fn class_weight_equals_the_straightforward_reading() {
        let mut words: Vec<String> = Vec::new();
        for hint in NEGATIVE_EXACT.iter().chain(NEGATIVE_HINTS).chain(POSITIVE_HINTS).chain(BUILDER_PREFIXES) {
            for form in [hint.to_string(), format!("{hint}s"), format!("x{hint}"), format!("{hint}-box"), hint.to_ascii_uppercase(), hint[..hint.len() / 2].to_owned()] {
                words.push(form);
            }
        }
        for prefix in BUILDER_PREFIXES {
            words.push(format!("{prefix}article"));
            words.push(format!("{prefix}sidebar_ad"));
        }
        words.extend(["", " ", "a", "post-body ad", "مقال", "9news", "_x", "-"].map(str::to_owned));
        for a in &words {
            assert_eq!(class_weight(a), class_weight_slow(a), "{a:?}");
            for b in words.iter().step_by(7) {
                let joined = format!("{a} {b}");
                assert_eq!(class_weight(&joined), class_weight_slow(&joined), "{joined:?}");
            }
        }
    }

    #[test]
    fn class_weight_reads_tokens() {
        assert!(class_weight("article-body") > 0);
        assert!(class_weight("most-read-box") < 0);
        assert_eq!(class_weight("address"), 0);
        assert!(class_weight("ad") < 0);
        assert!(class_weight("sidebar widget") < 0);
        assert_eq!(class_weight("elementor-widget-container"), 0);
        assert!(class_weight("elementor-element elementor-widget elementor-widget-theme-post-content") > 0);
        // CKEditor 5 wraps grids and images inside the article text in "ck-widget".
        assert_eq!(class_weight("ck-widget ck-widget bs_grid"), 0);
        // HubSpot wraps every module, the article's rich text too, in "widget" classes.
        assert_eq!(class_weight("span12 widget-span widget-type-custom_widget dnd-module"), 0);
        assert!(class_weight("hs_cos_wrapper hs_cos_wrapper_widget hs_cos_wrapper_type_rich_text") > 0); // "text"
    }
}
