#include "ui/chat_text.h"

#include <QColor>
#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace ferry::ui {

namespace {

// The translation context of these free functions (lupdate needs a class to file them under).
struct ChatText {
    Q_DECLARE_TR_FUNCTIONS(ferry::ui::ChatText)
};

// Links worth opening: web addresses and Ferry's own links (which start a connect).
const QRegularExpression& linkPattern() {
    static const QRegularExpression pattern(
        QStringLiteral(R"((https?://|www\.|ferry:/)[^\s<>"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

// Punctuation that ends a sentence is not part of the link before it.
QString trimTrailingPunctuation(QString link) {
    while (!link.isEmpty() && QStringLiteral(".,;:!?)]}").contains(link.back()))
        link.chop(1);
    return link;
}

} // namespace

QString messageHtml(const QString& text) {
    QString html;
    html.reserve(text.size() + 32);
    qsizetype at = 0;
    auto it = linkPattern().globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString link = trimTrailingPunctuation(match.captured());
        if (link.isEmpty())
            continue;
        html += text.mid(at, match.capturedStart() - at).toHtmlEscaped();
        const QString target = link.startsWith(QLatin1String("www."), Qt::CaseInsensitive)
                                   ? QStringLiteral("https://") + link
                                   : link;
        html += QStringLiteral("<a href=\"%1\">%2</a>")
                    .arg(target.toHtmlEscaped(), link.toHtmlEscaped());
        at = match.capturedStart() + link.size();
    }
    html += text.mid(at).toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    // Runs of spaces survive as typed.
    html.replace(QStringLiteral("  "), QStringLiteral("&nbsp; "));
    return html;
}

QString dayLabel(const QDate& day, const QDate& today) {
    const qint64 age = day.daysTo(today);
    if (age == 0)
        return ChatText::tr("Today");
    if (age == 1)
        return ChatText::tr("Yesterday");
    const QLocale locale;
    if (age > 1 && age < 7)
        return locale.dayName(day.dayOfWeek(), QLocale::LongFormat);
    return locale.toString(day, QLocale::LongFormat);
}

QString listTime(const QDateTime& time, const QDateTime& now) {
    if (!time.isValid())
        return {};
    const QLocale locale;
    const QDate day = time.toLocalTime().date();
    const qint64 age = day.daysTo(now.toLocalTime().date());
    if (age <= 0)
        return locale.toString(time.toLocalTime().time(), QLocale::ShortFormat);
    if (age == 1)
        return ChatText::tr("Yesterday");
    if (age < 7)
        return locale.dayName(day.dayOfWeek(), QLocale::ShortFormat);
    return locale.toString(day, QLocale::ShortFormat);
}

QString stateMark(MessageState state) {
    switch (state) {
    case MessageState::Pending:
        return QStringLiteral("◷");
    case MessageState::Sent:
        return QStringLiteral("✓");
    case MessageState::Delivered:
        return QStringLiteral("✓✓");
    case MessageState::Failed:
        return QStringLiteral("⚠");
    case MessageState::Received:
        return {};
    }
    return {};
}

QString stateDescription(MessageState state) {
    switch (state) {
    case MessageState::Pending:
        return ChatText::tr("Sending");
    case MessageState::Sent:
        return ChatText::tr("Sent to the relay");
    case MessageState::Delivered:
        return ChatText::tr("Delivered");
    case MessageState::Failed:
        return ChatText::tr("Not sent");
    case MessageState::Received:
        return ChatText::tr("Received");
    }
    return {};
}

QString initialsOf(const QString& name) {
    QString initials;
    for (const QString& word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        initials += word.front().toUpper();
        if (initials.size() == 2)
            break;
    }
    return initials.isEmpty() ? QStringLiteral("?") : initials;
}

QColor avatarColor(const QString& name) {
    // A hue from the name; saturation and lightness that read well in light and dark themes.
    const int hue = static_cast<int>(qHash(name, 0x5eed) % 360);
    return QColor::fromHsl(hue, 140, 120);
}

} // namespace ferry::ui
