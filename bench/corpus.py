"""Multilingual sentences, emoji and statuses the benchmarks generate posts from."""

SENTENCES = {
    "ru": [
        "Утро начинается с чашки свежесваренного кофе.",
        "Сегодня рассказываем, как выбрать зерно для турки.",
        "Наши бариста готовят фильтр-кофе по новому рецепту.",
        "Заходите на дегустацию в субботу — будет вкусно!",
        "Какой кофе вы пьёте по утрам? Пишите в комментариях.",
    ],
    "az": [
        "Bakının ən gözəl mənzərələri sizi gözləyir.",
        "Qəbələdə payız turu: dağlar, meşələr və təmiz hava.",
        "Şəkidə xan sarayını mütləq ziyarət edin.",
        "Səyahət planınızı bizimlə qurun, rahat olsun.",
        "Bu həftə sonu Qubaya qısa səfər təklif edirik.",
    ],
    "tl": [
        "Mag-ipon tuwing sahod para sa kinabukasan ng pamilya.",
        "Buksan ang iyong savings account online sa loob ng limang minuto.",
        "Ligtas at mabilis ang bawat transaksyon sa aming app.",
        "Alamin kung paano lumalago ang iyong pera sa time deposit.",
        "Salamat sa tiwala, mga ka-Bayan!",
    ],
    "en": [
        "Fresh roast, fresh start: see you at the counter.",
        "Plan your weekend getaway in three easy steps.",
        "Saving a little every payday adds up faster than you think.",
        "Tap the link to read the full story.",
        "Tell us your favourite spot in the comments!",
    ],
}
EMOJI = ["☕", "✨", "🧑‍🧑‍🧒", "🇦🇿", "🏔️", "💰", "👍🏽"]
STATUSES = ["idea", "draft", "review", "approved", "scheduled", "published"]
