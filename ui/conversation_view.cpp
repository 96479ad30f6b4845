#include "ui/conversation_view.h"

#include "agent/agent_errc.h"
#include "ui/composer.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_model.h"
#include "ui/dialog_parts.h"
#include "ui/engine_adapter.h"
#include "ui/failure_text.h"
#include "ui/icons.h"
#include "ui/message_list_view.h"
#include "ui/relay_health_text.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {
/// Queues change state (set up, confirmed, replaced) without an event to hang a reload on.
constexpr int kHealthRefreshMs = 30'000;
} // namespace

ConversationView::ConversationView(EngineAdapter& engine, ContactListModel& contacts,
                                   QWidget* parent)
    : QWidget(parent), m_engine(engine), m_contacts(contacts) {
    setObjectName(QStringLiteral("conversationView"));
    m_model = new ConversationModel(this);
    m_model->attach(engine);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);

    auto* header = m_header = new QWidget(this);
    header->setObjectName(QStringLiteral("conversationHeader"));
    header->setAutoFillBackground(true);
    header->setBackgroundRole(QPalette::Base);
    auto* headerRow = new QHBoxLayout(header);
    headerRow->setContentsMargins(14, 8, 8, 8);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(0);
    m_name = new QLabel(header);
    m_name->setObjectName(QStringLiteral("conversationName"));
    QFont bold = m_name->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_name->setFont(bold);
    m_status = new QLabel(header);
    m_status->setObjectName(QStringLiteral("conversationStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_relayHealth = new QLabel(header);
    m_relayHealth->setObjectName(QStringLiteral("conversationRelayHealth"));
    m_relayHealth->setForegroundRole(QPalette::PlaceholderText);
    m_relayHealth->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->setSpacing(0);
    statusRow->addWidget(m_status);
    statusRow->addWidget(m_relayHealth);
    statusRow->addStretch();
    titles->addWidget(m_name);
    titles->addLayout(statusRow);
    headerRow->addLayout(titles, 1);
    m_menuButton = new QToolButton(header);
    m_menuButton->setObjectName(QStringLiteral("conversationMenu"));
    m_menuButton->setIcon(icon(Icon::More));
    m_menuButton->setToolTip(tr("Contact options"));
    m_menuButton->setAccessibleName(tr("Contact options"));
    m_menuButton->setAutoRaise(true);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_menuButton);
    menu->addAction(tr("Rename…"), this, &ConversationView::renameContact);
    menu->addAction(tr("Delete contact…"), this, &ConversationView::deleteContact);
    // After the two that tests/desktop/test_main_window finds by position.
    menu->addSeparator();
    m_moveAction =
        menu->addAction(tr("Move to other relays…"), this, &ConversationView::moveToOtherRelays);
    m_moveAction->setObjectName(QStringLiteral("moveToOtherRelays"));
    m_moveAction->setEnabled(false);
    m_menuButton->setMenu(menu);
    headerRow->addWidget(m_menuButton);
    column->addWidget(header);

    auto* bodyHost = new QWidget(this);
    m_body = new QStackedLayout(bodyHost);
    m_messages = new MessageListView(bodyHost);
    m_messages->setModel(m_model);
    m_empty =
        new QLabel(tr("No messages yet.\nSay hello — only the two of you can read it."), bodyHost);
    m_empty->setObjectName(QStringLiteral("conversationEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_welcome = new QLabel(bodyHost);
    m_welcome->setObjectName(QStringLiteral("conversationWelcome"));
    m_welcome->setAlignment(Qt::AlignCenter);
    m_welcome->setWordWrap(true);
    m_welcome->setTextFormat(Qt::RichText);
    m_welcome->setText(tr("<p><img src=\":/icons/ferry.svg\" width=\"96\" height=\"96\"></p>"
                          "<h2>Welcome to Ferry</h2>"
                          "<p>Choose a conversation on the left, or add someone:<br>"
                          "<b>Invite someone</b> shows a one-time QR code for them to scan;<br>"
                          "<b>I have a link or QR code</b> takes theirs.</p>"));
    m_body->addWidget(m_messages);
    m_body->addWidget(m_empty);
    m_body->addWidget(m_welcome);
    column->addWidget(bodyHost, 1);

    m_composer = new Composer(this);
    column->addWidget(m_composer);

    connect(m_composer, &Composer::sendRequested, this, [this](const QString& text) {
        if (contactId() != 0)
            m_engine.sendMessage(contactId(), text, this, reportHere());
    });
    connect(m_messages, &MessageListView::retryRequested, this,
            [this](qint64 messageId) { m_engine.retryMessage(messageId, this, reportHere()); });
    connect(m_messages, &MessageListView::ferryLinkActivated, this,
            &ConversationView::ferryLinkActivated);
    connect(m_messages, &MessageListView::olderWanted, this, [this] {
        if (contactId() != 0 && m_model->hasOlder() && m_model->oldestId() != 0)
            loadOlderHistory();
    });
    auto updateBody = [this] {
        if (contactId() == 0)
            m_body->setCurrentWidget(m_welcome);
        else
            m_body->setCurrentWidget(m_model->rowCount() > 0 ? static_cast<QWidget*>(m_messages)
                                                             : m_empty);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, updateBody);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, updateBody);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateBody);
    connect(&engine, &EngineAdapter::messageReceived, this, [this](const MessageItem& m) {
        if (m.contactId == contactId())
            markSeen();
    });
    // The header and composer follow the contact's state and name.
    connect(&m_contacts, &QAbstractItemModel::dataChanged, this, &ConversationView::refreshHeader);
    connect(&m_contacts, &QAbstractItemModel::modelReset, this, &ConversationView::refreshHeader);
    connect(&m_contacts, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (contactRow() < 0)
            showContact(0);
    });
    // The relay health follows the relays' connections and the contact's messages (a queue
    // the contact starts using is no longer new); a burst of them makes one load.
    m_healthReload = new QTimer(this);
    m_healthReload->setSingleShot(true);
    m_healthReload->setInterval(200);
    connect(m_healthReload, &QTimer::timeout, this, &ConversationView::loadRelayHealth);
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(kHealthRefreshMs);
    connect(m_healthTimer, &QTimer::timeout, this, &ConversationView::loadRelayHealth);
    auto reloadHealth = [this] {
        if (contactId() != 0 && isVisible())
            m_healthReload->start();
    };
    connect(&engine, &EngineAdapter::relayStateChanged, this, reloadHealth);
    connect(&engine, &EngineAdapter::contactConnected, this, reloadHealth);
    connect(&engine, &EngineAdapter::messageReceived, this,
            [this, reloadHealth](const MessageItem& m) {
                if (m.contactId == contactId())
                    reloadHealth();
            });
    connect(&engine, &EngineAdapter::contactQueuesChanged, this, [this, reloadHealth](qint64 id) {
        if (id == contactId())
            reloadHealth();
    });
    showContact(0);
}

std::function<void(const core::Error&)> ConversationView::reportHere() {
    // What the user asked for in this conversation failed: say so over the window.
    return [this](const core::Error& error) {
        reportFailure(window(), QString::fromStdString(error.message));
    };
}

void ConversationView::loadHistory(qint64 contactId) {
    // A failed load leaves the conversation empty; the next time it is opened tries again.
    m_engine.loadHistory(contactId, this,
                         [this, contactId](const QList<MessageItem>& messages, bool hasOlder) {
                             m_model->onHistoryLoaded(contactId, messages, hasOlder);
                             if (contactId == this->contactId())
                                 markSeen();
                         },
                         {});
}

void ConversationView::loadOlderHistory() {
    const qint64 id = contactId();
    const qint64 beforeId = m_model->oldestId();
    m_engine.loadOlderHistory(
        id, beforeId, m_model,
        [model = m_model, id, beforeId](const QList<MessageItem>& messages, bool hasOlder) {
            model->onOlderHistoryLoaded(id, beforeId, messages, hasOlder);
        },
        {});
}

qint64 ConversationView::contactId() const {
    return m_model->contactId();
}

int ConversationView::contactRow() const {
    return contactId() ? m_contacts.rowOf(contactId()) : -1;
}

void ConversationView::showContact(qint64 contactId) {
    if (contactId == m_model->contactId() && contactId != 0)
        return;
    m_lastMarkedRead = 0;
    m_model->setContact(contactId);
    m_composer->clear();
    if (contactId != 0)
        loadHistory(contactId);
    m_body->setCurrentWidget(contactId ? static_cast<QWidget*>(m_empty) : m_welcome);
    m_queues.clear();
    m_queuesOf = 0;
    refreshHeader();
    loadRelayHealth();
    if (contactId != 0)
        m_composer->editor()->setFocus();
}

void ConversationView::refreshHeader() {
    const int row = contactRow();
    m_header->setVisible(row >= 0);
    m_composer->setVisible(row >= 0);
    if (row < 0) {
        m_composer->setBlockedReason(tr("Choose a contact on the left, or invite someone."));
        m_moveAction->setEnabled(false);
        return;
    }
    const QModelIndex i = m_contacts.index(row);
    const QString name = i.data(ContactListModel::NameRole).toString();
    const auto status = static_cast<ContactState>(i.data(ContactListModel::StatusRole).toInt());
    m_name->setText(name);
    m_menuButton->setVisible(true);
    switch (status) {
    case ContactState::Connected:
        m_status->setText(tr("End-to-end encrypted"));
        m_composer->setBlockedReason({});
        break;
    case ContactState::Pending:
        m_status->setText(tr("Connecting…"));
        m_composer->setBlockedReason(
            tr("The connection with %1 is not complete yet. You can write as soon as both of "
               "your apps have exchanged keys — they need to be online once.")
                .arg(name));
        break;
    case ContactState::Deleted:
        m_status->setText(tr("Left the conversation"));
        m_composer->setBlockedReason(
            tr("%1 deleted this conversation on their side. Messages can no longer reach "
               "them; invite them again to talk.")
                .arg(name));
        break;
    }
    m_moveAction->setEnabled(status == ContactState::Connected);
    showRelayHealth();
}

void ConversationView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_healthTimer->start();
    loadRelayHealth();
}

void ConversationView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    m_healthTimer->stop();
    m_healthReload->stop();
}

void ConversationView::loadRelayHealth() {
    const qint64 id = contactId();
    if (id == 0 || !isVisible())
        return;
    // A failed load keeps what was shown; the next refresh tries again.
    m_engine.loadContactQueues(id, this,
                               [this, id](const QList<ContactQueueItem>& queues) {
                                   if (id != contactId())
                                       return; // another conversation opened meanwhile
                                   m_queues = queues;
                                   m_queuesOf = id;
                                   showRelayHealth();
                               },
                               {});
}

void ConversationView::showRelayHealth() {
    const int row = contactRow();
    const bool connected =
        row >= 0 && static_cast<ContactState>(
                        m_contacts.index(row).data(ContactListModel::StatusRole).toInt()) ==
                        ContactState::Connected;
    const QDateTime now = QDateTime::currentDateTime();
    const RelayHealth health =
        connected && m_queuesOf == contactId() ? relayHealth(m_queues, now) : RelayHealth{};
    m_relayHealth->setVisible(!health.text.isEmpty());
    if (health.text.isEmpty())
        return;
    m_relayHealth->setText(QStringLiteral(" · ") + health.text);
    QPalette colours = palette();
    if (health.level == RelayHealth::Level::Trouble)
        colours.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    else
        colours.setColor(QPalette::WindowText, colours.color(QPalette::PlaceholderText));
    m_relayHealth->setPalette(colours);
    m_relayHealth->setForegroundRole(QPalette::WindowText);
    const QString details = relayDetailsText(m_queues, now);
    m_relayHealth->setToolTip(details);
    m_relayHealth->setAccessibleDescription(details);
}

void ConversationView::markSeen() {
    if (contactId() == 0 || !window()->isActiveWindow() || !isVisible())
        return;
    qint64 newest = 0;
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const QModelIndex i = m_model->index(row);
        if (!i.data(ConversationModel::OutgoingRole).toBool()) {
            newest = i.data(ConversationModel::IdRole).toLongLong();
            break;
        }
    }
    m_contacts.markRead(contactId());
    if (newest > m_lastMarkedRead) {
        m_lastMarkedRead = newest;
        m_engine.markRead(contactId(), newest);
    }
}

void ConversationView::renameContact() {
    const int row = contactRow();
    if (row < 0)
        return;
    const QString current = m_contacts.index(row).data(ContactListModel::NameRole).toString();
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename contact"),
                              tr("The name you see for this contact (only on this device):"),
                              QLineEdit::Normal, current, &ok)
            .trimmed();
    if (ok && !name.isEmpty() && name != current)
        m_engine.renameContact(contactId(), name, this, {}, reportHere());
}

void ConversationView::moveToOtherRelays() {
    const int row = contactRow();
    if (row < 0)
        return;
    const QString name = m_contacts.index(row).data(ContactListModel::NameRole).toString();
    QMessageBox box(QMessageBox::Question, tr("Move to other relays"),
                    tr("Move your conversation with %1 to relays of other operators?").arg(name),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("moveToOtherRelaysBox"));
    box.setInformativeText(
        tr("Ferry sets up new relays for the messages %1 sends you, and stops using the current "
           "ones once %1's app has switched. Messages on their way are not lost. Use this when "
           "a relay is unreliable or you no longer trust it.")
            .arg(name));
    box.button(QMessageBox::Yes)->setText(tr("Move"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    m_engine.switchQueues(contactId(), this, {}, [this, name](const core::Error& error) {
        // failureText's words for NoRelay are about a new conversation; this is a move.
        const QString text =
            error.code == core::agent::AgentErrc::NoRelay
                ? tr("There is no relay of another operator to move your conversation with %1 "
                     "to. Add a relay or a relay directory under Settings → Relays, then try "
                     "again.")
                      .arg(name)
                : tr("Could not move your conversation with %1 to other relays: %2")
                      .arg(name, failureText(error));
        reportFailure(window(), text);
    });
}

void ConversationView::deleteContact() {
    const int row = contactRow();
    if (row < 0)
        return;
    const QString name = m_contacts.index(row).data(ContactListModel::NameRole).toString();
    const auto answer = QMessageBox::question(
        this, tr("Delete contact"),
        tr("Delete %1 and your conversation? Your queues on the relays are deleted too; %1 "
           "will no longer be able to reach you. This cannot be undone.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        m_engine.deleteContact(contactId(), this, {}, reportHere());
}

} // namespace ferry::ui
