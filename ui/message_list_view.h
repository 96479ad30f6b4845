#pragma once

#include <QScrollArea>

class QAbstractItemModel;
class QVBoxLayout;

namespace ferry::ui {

class MessageBubble;

/// Shows a ConversationModel as bubbles with day separators, newest at the bottom; follows
/// new messages while the user is at the bottom and stays put while they read older ones.
class MessageListView : public QScrollArea {
    Q_OBJECT

public:
    explicit MessageListView(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model);
    int bubbleCount() const { return static_cast<int>(m_entries.size()); }
    MessageBubble* bubble(int row) const;

signals:
    void retryRequested(qint64 messageId);
    /// The user scrolled to the top: show older messages if there are any.
    void olderWanted();
    void ferryLinkActivated(const QString& link);

private:
    struct Entry {
        QWidget* container = nullptr;
        MessageBubble* bubble = nullptr;
        QWidget* separator = nullptr;
    };

    void rebuild();
    void insertRows(int first, int last);
    void removeRows(int first, int last);
    void updateRows(int first, int last);
    Entry makeEntry(int row);
    void updateSeparator(int row);
    bool atBottom() const;
    void scrollItselfTo(int value);

    QAbstractItemModel* m_model = nullptr;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QList<Entry> m_entries;
    bool m_followBottom = true;
    /// After older messages went in at the top: the distance from the bottom to keep, so what
    /// the user reads does not jump. The layout may settle in several passes, so it stays in
    /// force until the user scrolls or a newer message arrives. Negative when not in use.
    int m_keepFromBottom = -1;
    /// True while the view itself moves the scroll bar (not the user).
    bool m_scrollingItself = false;
};

} // namespace ferry::ui
