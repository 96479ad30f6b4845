#pragma once

#include "ui/engine_items.h"

#include <QFrame>

class QLabel;
class QToolButton;

namespace ferry::ui {

/// One message as a bubble: the text (selectable, links clickable), its time and, for the
/// user's own messages, the delivery mark and a Retry button when it failed.
class MessageBubble : public QFrame {
    Q_OBJECT

public:
    explicit MessageBubble(const MessageItem& message, QWidget* parent = nullptr);

    qint64 messageId() const { return m_message.id; }
    void setMessageId(qint64 id) { m_message.id = id; }
    MessageState state() const { return m_message.state; }
    void setState(MessageState state);
    /// Why the message waits after a failed attempt (empty: it does not); shown on the next
    /// setState().
    void setWaitingReason(const QString& reason) { m_message.waitingReason = reason; }
    QString text() const { return m_message.text; }
    bool outgoing() const { return m_message.outgoing; }

signals:
    void retryRequested(qint64 messageId);
    /// A ferry: link in the text was clicked.
    void ferryLinkActivated(const QString& link);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyColors();
    void onLinkActivated(const QString& link);

    MessageItem m_message;
    QFrame* m_bubble = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_meta = nullptr;
    QToolButton* m_retry = nullptr;
};

} // namespace ferry::ui
