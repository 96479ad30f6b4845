#include "ui/message_bubble.h"

#include "ui/chat_text.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {
// Bubbles never span the whole conversation: long lines wrap like in any messenger.
constexpr int kMaxBubbleWidth = 520;
} // namespace

MessageBubble::MessageBubble(const MessageItem& message, QWidget* parent)
    : QFrame(parent), m_message(message) {
    setObjectName(QStringLiteral("messageBubble"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(12, 2, 12, 2);

    m_bubble = new QFrame(this);
    m_bubble->setObjectName(QStringLiteral("bubbleFrame"));
    m_bubble->setMaximumWidth(kMaxBubbleWidth);
    auto* column = new QVBoxLayout(m_bubble);
    column->setContentsMargins(10, 6, 10, 4);
    column->setSpacing(2);

    m_text = new QLabel(messageHtml(message.text), m_bubble);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setOpenExternalLinks(false);
    connect(m_text, &QLabel::linkActivated, this, &MessageBubble::onLinkActivated);
    // A word-wrapped label asks for little width; give it what its longest line needs (up to
    // the bubble's limit) so short messages stay on one line and long ones use the space.
    int natural = 0;
    for (const QString& line : message.text.split(QLatin1Char('\n')))
        natural = std::max(natural, m_text->fontMetrics().horizontalAdvance(line));
    m_text->setMinimumWidth(std::min(natural + 2, kMaxBubbleWidth - 24));
    column->addWidget(m_text);

    auto* metaRow = new QHBoxLayout;
    metaRow->setSpacing(6);
    metaRow->addStretch();
    m_retry = new QToolButton(m_bubble);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->setText(tr("Retry"));
    m_retry->setAutoRaise(true);
    m_retry->setVisible(false);
    connect(m_retry, &QToolButton::clicked, this, [this] { emit retryRequested(m_message.id); });
    metaRow->addWidget(m_retry);
    m_meta = new QLabel(m_bubble);
    m_meta->setObjectName(QStringLiteral("messageMeta"));
    QFont small = m_meta->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_meta->setFont(small);
    metaRow->addWidget(m_meta);
    column->addLayout(metaRow);

    if (message.outgoing) {
        row->addStretch(1);
        row->addWidget(m_bubble);
    } else {
        row->addWidget(m_bubble);
        row->addStretch(1);
    }
    setState(message.state);
    applyColors();
}

void MessageBubble::setState(MessageState state) {
    m_message.state = state;
    const QString time =
        QLocale().toString(m_message.time.toLocalTime().time(), QLocale::ShortFormat);
    // A message that waits after a failed attempt says so, and why, and can be tried now.
    const bool waiting =
        m_message.outgoing && state == MessageState::Pending && !m_message.waitingReason.isEmpty();
    QString meta = m_message.outgoing ? time + QLatin1Char(' ') + stateMark(state) : time;
    if (waiting)
        meta += QStringLiteral(" · ") + tr("not sent yet");
    m_meta->setText(meta);
    QString description = stateDescription(state);
    if (waiting) {
        // The reason comes from the engine in English; it follows the translated sentence.
        description +=
            QLatin1Char('\n') + tr("Waiting to be sent: %1").arg(m_message.waitingReason);
    }
    m_meta->setToolTip(m_message.time.toLocalTime().toString(Qt::TextDate) +
                       (m_message.outgoing ? QStringLiteral(" · ") + description : QString()));
    m_meta->setAccessibleName(m_meta->toolTip());
    m_retry->setVisible(m_message.outgoing && m_message.id != 0 &&
                        (state == MessageState::Failed || waiting));
    m_retry->setToolTip(waiting ? tr("Try to send it now.")
                                : tr("The relay refused this message. Send it again."));
}

void MessageBubble::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColors();
    QFrame::changeEvent(event);
}

void MessageBubble::applyColors() {
    // Colours come from the palette, so light and dark system themes both look right.
    const QPalette& p = palette();
    const QColor background =
        m_message.outgoing ? p.color(QPalette::Highlight) : p.color(QPalette::AlternateBase);
    const QColor foreground =
        m_message.outgoing ? p.color(QPalette::HighlightedText) : p.color(QPalette::Text);
    m_bubble->setStyleSheet(QStringLiteral("#bubbleFrame { background: %1; border-radius: 12px; "
                                           "border: 1px solid %2; }")
                                .arg(background.name(), background.darker(115).name()));
    for (QWidget* w : {static_cast<QWidget*>(m_text), static_cast<QWidget*>(m_meta),
                       static_cast<QWidget*>(m_retry)}) {
        QPalette lp = w->palette();
        lp.setColor(QPalette::WindowText, foreground);
        lp.setColor(QPalette::ButtonText, foreground);
        lp.setColor(QPalette::Text, foreground);
        lp.setColor(QPalette::Link, m_message.outgoing ? foreground : p.color(QPalette::Link));
        w->setPalette(lp);
    }
}

void MessageBubble::onLinkActivated(const QString& link) {
    if (link.startsWith(QLatin1String("ferry:"), Qt::CaseInsensitive))
        emit ferryLinkActivated(link);
    else
        QDesktopServices::openUrl(QUrl(link));
}

} // namespace ferry::ui
