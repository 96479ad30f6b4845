#pragma once

#include <QMainWindow>
#include <QMap>

class QLabel;
class QMenu;
class QListView;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;

namespace ferry::ui {

class ContactListModel;
class RelayListModel;
class ConversationView;
class EngineAdapter;
class NodeController;
class NodePanel;
class Preferences;

/// Ferry's main window: contacts on the left, the conversation on the right, and the ways to
/// add contacts (invite, connect, address, requests) one click away.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// `profileName` is the folder-level name the window title and profile menu show.
    /// `node` (optional) is the in-app relay's controller: with it the window has the
    /// "Relay node" page and the "Contribute as relay" switch.
    MainWindow(EngineAdapter& engine, Preferences& preferences, const QString& profileName,
               NodeController* node = nullptr, QWidget* parent = nullptr);

    ContactListModel* contacts() const { return m_contacts; }
    QListView* contactView() const { return m_contactView; }
    ConversationView* conversation() const { return m_conversation; }
    NodePanel* nodePanel() const { return m_nodePanel; }
    /// Shows the chats (false) or the relay node page (true).
    void showNodePage(bool node);

    /// Selects the contact and shows the conversation.
    void openContact(qint64 contactId);
    /// The profiles the Profiles menu offers to switch to (by name).
    void setProfiles(const QStringList& names);

public slots:
    void inviteSomeone();
    /// Opens the Connect dialog, with `link` filled in when given.
    void connectContact(const QString& link = {});
    void showAddress();
    void showRequests();
    void showSettings();
    /// Brings the window to the front (another launch, a tray click).
    void raiseWindow();

signals:
    /// Start the app again (a new language) or with another profile (empty: same one).
    void restartRequested(const QString& profile);
    /// The user chose Quit (not just closing the window to the tray).
    void quitRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildSidebar();
    QWidget* buildChatsPage();
    void buildNodePage();
    void refreshNode();
    void updateLiveView();
    void buildMenus();
    void onContactActivated(const QModelIndex& proxyIndex);
    void onRelayState(const QString& relay, int state, const QString& reason);
    void loadRequests();
    void updateRequestsButton();
    void updateContactsEmpty();
    void newProfile();

    EngineAdapter& m_engine;
    Preferences& m_preferences;
    QString m_profileName;
    ContactListModel* m_contacts = nullptr;
    RelayListModel* m_relays = nullptr; ///< kept for the whole session: it knows live states
    QSortFilterProxyModel* m_filter = nullptr;
    QListView* m_contactView = nullptr;
    QLineEdit* m_search = nullptr;
    QStackedWidget* m_contactsStack = nullptr;
    QPushButton* m_requestsButton = nullptr;
    ConversationView* m_conversation = nullptr;
    QLabel* m_relayBanner = nullptr;
    QMenu* m_profilesMenu = nullptr;
    NodeController* m_node = nullptr;
    NodePanel* m_nodePanel = nullptr;
    QStackedWidget* m_pages = nullptr;
    QAction* m_chatsAction = nullptr;
    QAction* m_nodeAction = nullptr;
    QAction* m_contributeAction = nullptr;
    QMap<QString, QString> m_relayProblems; ///< relay → reason, while it is unreachable
    int m_pendingRequests = 0;
    qint64 m_pendingOpen = 0; ///< a contact to open once it appears in the list
};

} // namespace ferry::ui
