#pragma once

#include <QPlainTextEdit>
#include <QWidget>

class QLabel;
class QToolButton;

namespace ferry::ui {

/// The text field of the composer: Enter sends, Shift+Enter starts a new line.
class MessageEdit : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit MessageEdit(QWidget* parent = nullptr);
    QSize sizeHint() const override;

signals:
    void submitted();

protected:
    void keyPressEvent(QKeyEvent* event) override;
};

/// Where the user writes: the text field and a Send button, or — when the conversation
/// cannot take messages — the reason instead.
class Composer : public QWidget {
    Q_OBJECT

public:
    explicit Composer(QWidget* parent = nullptr);

    /// Empty: messages can be sent. Otherwise the composer is disabled and says why.
    void setBlockedReason(const QString& reason);
    QString blockedReason() const { return m_reason; }
    MessageEdit* editor() const { return m_edit; }
    void clear();

signals:
    /// The user sent `text` (trimmed, never empty).
    void sendRequested(const QString& text);

private:
    void submit();
    void updateHeight();

    MessageEdit* m_edit = nullptr;
    QToolButton* m_send = nullptr;
    QLabel* m_blocked = nullptr;
    QString m_reason;
};

} // namespace ferry::ui
