#include "ui/main_window.h"

#include "ui/address_dialog.h"
#include "ui/connect_dialog.h"
#include "ui/contact_delegate.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_view.h"
#include "ui/engine_adapter.h"
#include "ui/icons.h"
#include "ui/invite_dialog.h"
#include "ui/node_controller.h"
#include "ui/node_panel.h"
#include "ui/node_status_text.h"
#include "ui/preferences.h"
#include "ui/relay_list_model.h"
#include "ui/requests_dialog.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QSystemTrayIcon>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

QToolButton* toolButton(QWidget* parent, Icon which, const QString& tip, const char* name) {
    auto* button = new QToolButton(parent);
    button->setObjectName(QLatin1String(name));
    button->setIcon(icon(which));
    button->setIconSize({20, 20});
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    return button;
}

QString hostOf(const QString& relay) {
    const qsizetype at = relay.indexOf(QLatin1Char('@'));
    return at < 0 ? relay : relay.mid(at + 1);
}

} // namespace

MainWindow::MainWindow(EngineAdapter& engine, Preferences& preferences, const QString& profileName,
                       NodeController* node, QWidget* parent)
    : QMainWindow(parent), m_engine(engine), m_preferences(preferences), m_profileName(profileName),
      m_node(node) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ferry — %1").arg(profileName));
    setWindowIcon(appIcon());
    m_contacts = new ContactListModel(this);
    m_contacts->attach(engine);
    m_relays = new RelayListModel(this);
    m_relays->attach(engine);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildChatsPage());
    setCentralWidget(m_pages);
    buildMenus();
    if (m_node)
        buildNodePage();

    connect(m_conversation, &ConversationView::ferryLinkActivated, this,
            [this](const QString& link) { connectContact(link); });
    connect(&engine, &EngineAdapter::relayStateChanged, this,
            [this](const QString& relay, RelayState state, const QString& reason) {
                onRelayState(relay, static_cast<int>(state), reason);
            });
    auto reloadRequests = [this] { loadRequests(); };
    connect(&engine, &EngineAdapter::contactRequest, this, reloadRequests);
    connect(&engine, &EngineAdapter::requestAccepted, this, reloadRequests);
    connect(&engine, &EngineAdapter::requestRejected, this, reloadRequests);
    // A contact made here (connect, accept) opens as soon as it is in the list.
    connect(&engine, &EngineAdapter::linkConnected, this,
            [this](qint64 id) { m_pendingOpen = id; });
    connect(&engine, &EngineAdapter::requestAccepted, this,
            [this](qint64, qint64 contactId) { m_pendingOpen = contactId; });
    connect(m_contacts, &QAbstractItemModel::rowsInserted, this, [this] {
        updateContactsEmpty();
        if (m_pendingOpen && m_contacts->rowOf(m_pendingOpen) >= 0)
            openContact(std::exchange(m_pendingOpen, 0));
    });
    connect(m_contacts, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateContactsEmpty);
    connect(m_contacts, &QAbstractItemModel::modelReset, this, &MainWindow::updateContactsEmpty);

    if (!preferences.windowGeometry().isEmpty())
        restoreGeometry(preferences.windowGeometry());
    else
        resize(980, 680);
    engine.loadContacts(m_contacts,
                        [contacts = m_contacts](const QList<ContactItem>& items) {
                            contacts->onContactsLoaded(items);
                        },
                        {});
    loadRequests();
}

void MainWindow::loadRequests() {
    // Only the count is shown here; a failure leaves the last count (the dialog says more).
    m_engine.loadRequests(this,
                          [this](const QList<RequestItem>& requests) {
                              m_pendingRequests = static_cast<int>(requests.size());
                              updateRequestsButton();
                          },
                          {});
}

QWidget* MainWindow::buildChatsPage() {
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_relayBanner = new QLabel(central);
    m_relayBanner->setObjectName(QStringLiteral("relayBanner"));
    m_relayBanner->setWordWrap(true);
    m_relayBanner->setContentsMargins(12, 6, 12, 6);
    m_relayBanner->setAutoFillBackground(true);
    QPalette warn = m_relayBanner->palette();
    warn.setColor(QPalette::Window, QColor(0xff, 0xe0, 0x8a));
    warn.setColor(QPalette::WindowText, QColor(0x3d, 0x2e, 0x00));
    m_relayBanner->setPalette(warn);
    m_relayBanner->setVisible(false);
    column->addWidget(m_relayBanner);

    auto* splitter = new QSplitter(central);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildSidebar());
    m_conversation = new ConversationView(m_engine, *m_contacts, splitter);
    splitter->addWidget(m_conversation);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 600});
    column->addWidget(splitter, 1);

    return central;
}

void MainWindow::buildNodePage() {
    m_nodePanel = new NodePanel(m_pages);
    m_pages->addWidget(m_nodePanel);
    connect(m_node, &NodeController::changed, this, &MainWindow::refreshNode);
    connect(m_nodePanel, &NodePanel::enabledToggled, m_node, &NodeController::setEnabled);
    connect(m_nodePanel, &NodePanel::retryRequested, m_node, &NodeController::retry);
    connect(m_nodePanel, &NodePanel::recheckRequested, m_node,
            &NodeController::recheckReachability);
    connect(m_nodePanel, &NodePanel::limitsChanged, m_node, &NodeController::setLimits);
    connect(m_nodePanel, &NodePanel::rangeChanged, this,
            [this](TrafficRange range) { m_nodePanel->setTraffic(range, m_node->traffic(range)); });

    // Chats | Relay node, and the switch itself in the Ferry menu.
    auto* toolbar = addToolBar(tr("Pages"));
    toolbar->setObjectName(QStringLiteral("pagesToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* pages = new QActionGroup(this);
    m_chatsAction = toolbar->addAction(icon(Icon::Requests), tr("Chats"));
    m_nodeAction = toolbar->addAction(icon(Icon::Relay), tr("Relay node"));
    m_chatsAction->setObjectName(QStringLiteral("chatsPageAction"));
    m_nodeAction->setObjectName(QStringLiteral("nodePageAction"));
    for (QAction* a : {m_chatsAction, m_nodeAction}) {
        a->setCheckable(true);
        pages->addAction(a);
    }
    m_chatsAction->setChecked(true);
    connect(m_chatsAction, &QAction::triggered, this, [this] { showNodePage(false); });
    connect(m_nodeAction, &QAction::triggered, this, [this] { showNodePage(true); });

    m_contributeAction = new QAction(tr("Contribute as &relay"), this);
    m_contributeAction->setObjectName(QStringLiteral("contributeAction"));
    m_contributeAction->setCheckable(true);
    connect(m_contributeAction, &QAction::toggled, m_node, &NodeController::setEnabled);
    QMenu* ferry = menuBar()->actions().constFirst()->menu();
    ferry->insertAction(ferry->actions().at(1), m_contributeAction);
    refreshNode();
}

void MainWindow::refreshNode() {
    const NodeSnapshot snapshot = m_node->snapshot();
    m_nodePanel->showSnapshot(snapshot);
    if (m_pages->currentIndex() == 1)
        m_nodePanel->setTraffic(m_nodePanel->range(), m_node->traffic(m_nodePanel->range()));
    const QSignalBlocker quiet(m_contributeAction);
    m_contributeAction->setChecked(m_node->enabled());
    m_nodeAction->setToolTip(nodeStatusLine(snapshot));
}

void MainWindow::showNodePage(bool node) {
    if (!m_nodePanel)
        return;
    m_pages->setCurrentIndex(node ? 1 : 0);
    (node ? m_nodeAction : m_chatsAction)->setChecked(true);
    if (node)
        refreshNode();
    updateLiveView();
}

void MainWindow::updateLiveView() {
    // Numbers move once a second while someone can see them; once a minute otherwise.
    if (m_node)
        m_node->setLiveView(isVisible() && !isMinimized() && m_pages->currentIndex() == 1);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    updateLiveView();
}

void MainWindow::hideEvent(QHideEvent* event) {
    QMainWindow::hideEvent(event);
    updateLiveView();
}

QWidget* MainWindow::buildSidebar() {
    auto* sidebar = new QWidget(this);
    sidebar->setObjectName(QStringLiteral("sidebar"));
    sidebar->setMinimumWidth(240);
    auto* column = new QVBoxLayout(sidebar);
    column->setContentsMargins(8, 8, 8, 8);
    column->setSpacing(6);

    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Chats"), sidebar);
    QFont big = title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    title->setFont(big);
    top->addWidget(title, 1);
    auto* invite = toolButton(sidebar, Icon::Invite, tr("Invite someone"), "inviteButton");
    connect(invite, &QToolButton::clicked, this, &MainWindow::inviteSomeone);
    top->addWidget(invite);
    auto* connectButton = toolButton(sidebar, Icon::Scan, tr("Connect with a link or QR code"),
                                     "sidebarConnectButton");
    connect(connectButton, &QToolButton::clicked, this, [this] { connectContact(); });
    top->addWidget(connectButton);
    auto* settings = toolButton(sidebar, Icon::Settings, tr("Settings"), "settingsButton");
    connect(settings, &QToolButton::clicked, this, &MainWindow::showSettings);
    top->addWidget(settings);
    column->addLayout(top);

    m_search = new QLineEdit(sidebar);
    m_search->setObjectName(QStringLiteral("contactSearch"));
    m_search->setPlaceholderText(tr("Search contacts"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(icon(Icon::Search), QLineEdit::LeadingPosition);
    column->addWidget(m_search);

    m_requestsButton = new QPushButton(icon(Icon::Requests), QString(), sidebar);
    m_requestsButton->setObjectName(QStringLiteral("requestsButton"));
    m_requestsButton->setVisible(false);
    connect(m_requestsButton, &QPushButton::clicked, this, &MainWindow::showRequests);
    column->addWidget(m_requestsButton);

    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_contacts);
    m_filter->setFilterRole(ContactListModel::NameRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_search, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);

    m_contactsStack = new QStackedWidget(sidebar);
    m_contactView = new QListView(m_contactsStack);
    m_contactView->setObjectName(QStringLiteral("contactList"));
    m_contactView->setAccessibleName(tr("Contacts"));
    m_contactView->setModel(m_filter);
    m_contactView->setItemDelegate(new ContactDelegate(m_contactView));
    m_contactView->setUniformItemSizes(true);
    m_contactView->setFrameShape(QFrame::NoFrame);
    m_contactView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_contactView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onContactActivated(current); });
    m_contactsStack->addWidget(m_contactView);

    auto* empty = new QWidget(m_contactsStack);
    auto* emptyColumn = new QVBoxLayout(empty);
    emptyColumn->addStretch();
    auto* hello = new QLabel(tr("No contacts yet.\nFerry has no user names or numbers: you "
                                "add people with a one-time link or its QR code."),
                             empty);
    hello->setWordWrap(true);
    hello->setAlignment(Qt::AlignCenter);
    emptyColumn->addWidget(hello);
    auto* inviteBig = new QPushButton(icon(Icon::Invite), tr("Invite someone"), empty);
    inviteBig->setObjectName(QStringLiteral("emptyInviteButton"));
    connect(inviteBig, &QPushButton::clicked, this, &MainWindow::inviteSomeone);
    auto* connectBig = new QPushButton(icon(Icon::Scan), tr("I have a link or QR code"), empty);
    connectBig->setObjectName(QStringLiteral("emptyConnectButton"));
    connect(connectBig, &QPushButton::clicked, this, [this] { connectContact(); });
    emptyColumn->addWidget(inviteBig);
    emptyColumn->addWidget(connectBig);
    emptyColumn->addStretch();
    m_contactsStack->addWidget(empty);
    column->addWidget(m_contactsStack, 1);
    updateContactsEmpty();
    return sidebar;
}

void MainWindow::buildMenus() {
    QMenu* ferry = menuBar()->addMenu(tr("&Ferry"));
    m_profilesMenu = ferry->addMenu(tr("&Profiles"));
    setProfiles({m_profileName});
    ferry->addAction(icon(Icon::Settings), tr("&Settings…"), QKeySequence::Preferences, this,
                     &MainWindow::showSettings);
    ferry->addSeparator();
    ferry->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quitRequested);

    QMenu* contacts = menuBar()->addMenu(tr("&Contacts"));
    contacts->addAction(icon(Icon::Invite), tr("&Invite someone…"), QKeySequence(tr("Ctrl+I")),
                        this, &MainWindow::inviteSomeone);
    contacts->addAction(icon(Icon::Scan), tr("&Connect with a link or QR code…"),
                        QKeySequence(tr("Ctrl+L")), this, [this] { connectContact(); });
    contacts->addAction(icon(Icon::Address), tr("My &address…"), this, &MainWindow::showAddress);
    contacts->addAction(icon(Icon::Requests), tr("Contact &requests…"), this,
                        &MainWindow::showRequests);
    contacts->addSeparator();
    // Acts on the open conversation; the view enables it while that contact is connected.
    contacts->addAction(m_conversation->moveToOtherRelaysAction());
    contacts->addAction(tr("&Find contact"), QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Ferry"), this, [this] {
        QMessageBox::about(
            this, tr("About Ferry"),
            tr("<h3>Ferry %1</h3><p>A private messenger without user identifiers, and a relay "
               "node for the community.</p><p>Messages are end-to-end encrypted and pass "
               "through relays that speak the SimpleX Messaging Protocol.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::setProfiles(const QStringList& names) {
    m_profilesMenu->clear();
    for (const QString& name : names) {
        QAction* action = m_profilesMenu->addAction(name);
        action->setCheckable(true);
        action->setChecked(name == m_profileName);
        if (name != m_profileName)
            connect(action, &QAction::triggered, this,
                    [this, name] { emit restartRequested(name); });
    }
    m_profilesMenu->addSeparator();
    m_profilesMenu->addAction(tr("&New profile…"), this, &MainWindow::newProfile);
}

void MainWindow::newProfile() {
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New profile"),
                              tr("A name for the new profile's folder (only you see it; you "
                                 "choose the name your contacts see next):"),
                              QLineEdit::Normal, QString(), &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) ||
        name.startsWith(QLatin1Char('.'))) {
        QMessageBox::warning(this, tr("New profile"),
                             tr("A profile name cannot contain slashes or start with a dot."));
        return;
    }
    emit restartRequested(name);
}

void MainWindow::openContact(qint64 contactId) {
    const int row = m_contacts->rowOf(contactId);
    if (row < 0)
        return;
    m_search->clear();
    m_contactView->setCurrentIndex(m_filter->mapFromSource(m_contacts->index(row)));
    m_conversation->showContact(contactId);
}

void MainWindow::onContactActivated(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid())
        return;
    m_conversation->showContact(proxyIndex.data(ContactListModel::IdRole).toLongLong());
}

void MainWindow::inviteSomeone() {
    auto* dialog = new InviteDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::connectContact(const QString& link) {
    auto* dialog = new ConnectDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!link.isEmpty())
        dialog->setLink(link);
    dialog->open();
}

void MainWindow::showAddress() {
    auto* dialog = new AddressDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showRequests() {
    auto* dialog = new RequestsDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showSettings() {
    auto* dialog = new SettingsDialog(m_engine, m_preferences, *m_relays, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::restartRequested, this,
            [this] { emit restartRequested(QString()); });
    dialog->open();
}

void MainWindow::raiseWindow() {
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::updateRequestsButton() {
    m_requestsButton->setText(tr("%n contact request(s) waiting", nullptr, m_pendingRequests));
    m_requestsButton->setVisible(m_pendingRequests > 0);
}

void MainWindow::updateContactsEmpty() {
    m_contactsStack->setCurrentIndex(m_contacts->rowCount() > 0 ? 0 : 1);
}

void MainWindow::onRelayState(const QString& relay, int state, const QString& reason) {
    const auto s = static_cast<RelayState>(state);
    if (s == RelayState::Disconnected || s == RelayState::Failed)
        m_relayProblems.insert(relay, reason);
    else if (s == RelayState::Connected || s == RelayState::Stopped)
        m_relayProblems.remove(relay);
    if (m_relayProblems.isEmpty()) {
        m_relayBanner->setVisible(false);
        return;
    }
    const QString first = m_relayProblems.firstKey();
    m_relayBanner->setText(
        tr("Cannot reach the relay %1 (%2). Your messages wait and go out as soon as it is "
           "back.")
            .arg(hostOf(first), m_relayProblems.first()));
    m_relayBanner->setVisible(true);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_preferences.setWindowGeometry(saveGeometry());
    if (m_preferences.closeToTray() && QSystemTrayIcon::isSystemTrayAvailable()) {
        hide();
        event->ignore();
        return;
    }
    event->accept();
    emit quitRequested();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        m_conversation->markSeen();
    QMainWindow::changeEvent(event);
}

} // namespace ferry::ui
