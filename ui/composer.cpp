#include "ui/composer.h"

#include "ui/icons.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {
constexpr int kMaxVisibleLines = 6;
} // namespace

MessageEdit::MessageEdit(QWidget* parent) : QPlainTextEdit(parent) {
    setObjectName(QStringLiteral("messageEdit"));
    setTabChangesFocus(true);
    setPlaceholderText(tr("Write a message…"));
    setAccessibleName(tr("Message"));
}

QSize MessageEdit::sizeHint() const {
    const int line = fontMetrics().lineSpacing();
    return {QPlainTextEdit::sizeHint().width(), line + 2 * frameWidth() + 12};
}

void MessageEdit::keyPressEvent(QKeyEvent* event) {
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        emit submitted();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

Composer::Composer(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("composer"));
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(8, 6, 8, 8);
    m_blocked = new QLabel(this);
    m_blocked->setObjectName(QStringLiteral("composerBlockedReason"));
    m_blocked->setWordWrap(true);
    m_blocked->setForegroundRole(QPalette::PlaceholderText);
    m_blocked->setVisible(false);
    column->addWidget(m_blocked);

    auto* row = new QHBoxLayout;
    m_edit = new MessageEdit(this);
    row->addWidget(m_edit, 1);
    m_send = new QToolButton(this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setIcon(icon(Icon::Send));
    m_send->setIconSize({22, 22});
    m_send->setToolTip(tr("Send (Enter)"));
    m_send->setAccessibleName(tr("Send"));
    m_send->setEnabled(false);
    row->addWidget(m_send, 0, Qt::AlignBottom);
    column->addLayout(row);

    connect(m_edit, &MessageEdit::submitted, this, &Composer::submit);
    connect(m_send, &QToolButton::clicked, this, &Composer::submit);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        m_send->setEnabled(m_reason.isEmpty() && !m_edit->toPlainText().trimmed().isEmpty());
        updateHeight();
    });
    updateHeight();
}

void Composer::setBlockedReason(const QString& reason) {
    m_reason = reason;
    m_blocked->setText(reason);
    m_blocked->setVisible(!reason.isEmpty());
    m_edit->setEnabled(reason.isEmpty());
    m_edit->setPlaceholderText(reason.isEmpty() ? tr("Write a message…") : QString());
    m_send->setEnabled(reason.isEmpty() && !m_edit->toPlainText().trimmed().isEmpty());
}

void Composer::clear() {
    m_edit->clear();
}

void Composer::submit() {
    const QString text = m_edit->toPlainText().trimmed();
    if (!m_reason.isEmpty() || text.isEmpty())
        return;
    m_edit->clear();
    emit sendRequested(text);
}

void Composer::updateHeight() {
    // Grows with the text up to a few lines, then scrolls.
    const int lines =
        std::clamp(static_cast<int>(m_edit->document()->lineCount()), 1, kMaxVisibleLines);
    const int height = lines * m_edit->fontMetrics().lineSpacing() + 2 * m_edit->frameWidth() +
                       static_cast<int>(m_edit->document()->documentMargin() * 2) + 4;
    m_edit->setFixedHeight(height);
}

} // namespace ferry::ui
