#include "ui/message_list_view.h"

#include "ui/chat_text.h"
#include "ui/conversation_model.h"
#include "ui/message_bubble.h"

#include <QAbstractItemModel>
#include <QLabel>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ferry::ui {

MessageListView::MessageListView(QWidget* parent) : QScrollArea(parent) {
    setObjectName(QStringLiteral("messageList"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget(this);
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(0, 8, 0, 8);
    m_layout->setSpacing(2);
    m_layout->addStretch(1); // short conversations sit at the bottom, like every messenger
    setWidget(m_content);

    // Whether to follow is decided by where the user scrolled to, before content grows.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (m_scrollingItself)
            return;
        m_keepFromBottom = -1; // the user moved: their position is theirs again
        m_followBottom = atBottom();
        if (value == 0 && verticalScrollBar()->maximum() > 0)
            emit olderWanted();
    });
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_keepFromBottom >= 0)
            scrollItselfTo(max - m_keepFromBottom);
        else if (m_followBottom)
            scrollItselfTo(max);
    });
}

void MessageListView::scrollItselfTo(int value) {
    const QScopedValueRollback guard(m_scrollingItself, true);
    verticalScrollBar()->setValue(value);
}

void MessageListView::setModel(QAbstractItemModel* model) {
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    connect(model, &QAbstractItemModel::modelReset, this, &MessageListView::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { insertRows(first, last); });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex&, int first, int last) { removeRows(first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& from, const QModelIndex& to) {
                updateRows(from.row(), to.row());
            });
    rebuild();
}

MessageBubble* MessageListView::bubble(int row) const {
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).bubble : nullptr;
}

void MessageListView::rebuild() {
    for (const Entry& e : std::as_const(m_entries))
        delete e.container;
    m_entries.clear();
    m_followBottom = true;
    m_keepFromBottom = -1;
    if (m_model && m_model->rowCount() > 0)
        insertRows(0, m_model->rowCount() - 1);
}

MessageListView::Entry MessageListView::makeEntry(int row) {
    const QModelIndex i = m_model->index(row, 0);
    MessageItem item;
    item.id = i.data(ConversationModel::IdRole).toLongLong();
    item.text = i.data(ConversationModel::TextRole).toString();
    item.outgoing = i.data(ConversationModel::OutgoingRole).toBool();
    item.time = i.data(ConversationModel::TimeRole).toDateTime();
    item.state = static_cast<MessageState>(i.data(ConversationModel::StateRole).toInt());
    item.waitingReason = i.data(ConversationModel::WaitingRole).toString();

    Entry e;
    e.container = new QWidget(m_content);
    auto* column = new QVBoxLayout(e.container);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* separator = new QLabel(e.container);
    separator->setObjectName(QStringLiteral("daySeparator"));
    separator->setAlignment(Qt::AlignCenter);
    separator->setContentsMargins(0, 10, 0, 6);
    separator->setForegroundRole(QPalette::PlaceholderText);
    e.separator = separator;
    column->addWidget(separator);
    e.bubble = new MessageBubble(item, e.container);
    connect(e.bubble, &MessageBubble::retryRequested, this, &MessageListView::retryRequested);
    connect(e.bubble, &MessageBubble::ferryLinkActivated, this,
            &MessageListView::ferryLinkActivated);
    column->addWidget(e.bubble);
    return e;
}

void MessageListView::updateSeparator(int row) {
    const Entry& e = m_entries.at(row);
    const QModelIndex i = m_model->index(row, 0);
    const bool boundary = i.data(ConversationModel::DayBoundaryRole).toBool();
    const QDate day = i.data(ConversationModel::TimeRole).toDateTime().toLocalTime().date();
    static_cast<QLabel*>(e.separator)->setText(dayLabel(day, QDate::currentDate()));
    e.separator->setVisible(boundary);
}

void MessageListView::insertRows(int first, int last) {
    if (first == 0 && !m_entries.isEmpty() && !m_followBottom)
        m_keepFromBottom = verticalScrollBar()->maximum() - verticalScrollBar()->value();
    else if (first > 0)
        m_keepFromBottom = -1; // a newer message: keep the top of what is read instead
    // A message the user sends always brings the view to the bottom.
    for (int row = first; row <= last; ++row) {
        Entry e = makeEntry(row);
        if (e.bubble->outgoing())
            m_followBottom = true;
        m_entries.insert(row, e);
        m_layout->insertWidget(1 + row, e.container);
        updateSeparator(row);
    }
    if (last + 1 < m_entries.size())
        updateSeparator(last + 1); // the next day's first message may no longer be first
}

void MessageListView::removeRows(int first, int last) {
    for (int row = last; row >= first; --row)
        delete m_entries.takeAt(row).container;
    if (first < m_entries.size())
        updateSeparator(first);
}

void MessageListView::updateRows(int first, int last) {
    for (int row = first; row <= last && row < m_entries.size(); ++row) {
        const QModelIndex i = m_model->index(row, 0);
        MessageBubble* b = m_entries.at(row).bubble;
        b->setMessageId(i.data(ConversationModel::IdRole).toLongLong());
        b->setWaitingReason(i.data(ConversationModel::WaitingRole).toString());
        b->setState(static_cast<MessageState>(i.data(ConversationModel::StateRole).toInt()));
        updateSeparator(row);
    }
}

bool MessageListView::atBottom() const {
    const QScrollBar* bar = verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

} // namespace ferry::ui
