#pragma once

#include <QObject>

class QSystemTrayIcon;
class QAction;

namespace ferry::ui {

class ContactListModel;
class EngineAdapter;
class MainWindow;
class NodeController;
class Preferences;

/// The tray icon (with the unread count drawn on it), its menu, and desktop notifications
/// for messages that arrive while the user is not looking at that conversation.
class TrayIcon : public QObject {
    Q_OBJECT

public:
    /// With `node`, the menu has the "Contribute as relay" switch too.
    TrayIcon(MainWindow& window, EngineAdapter& engine, Preferences& preferences,
             NodeController* node = nullptr, QObject* parent = nullptr);

    int unreadCount() const { return m_unread; }
    /// The text of the last notification shown (for tests; never logged).
    QString lastNotificationTitle() const { return m_lastTitle; }
    QString lastNotificationBody() const { return m_lastBody; }

private:
    void updateBadge();
    void notify(qint64 contactId, const QString& text);

    MainWindow& m_window;
    Preferences& m_preferences;
    QSystemTrayIcon* m_tray = nullptr;
    QAction* m_toggle = nullptr;
    int m_unread = 0;
    QString m_lastTitle;
    QString m_lastBody;
};

/// The app icon with `count` drawn on a badge in its corner (no badge for 0).
QIcon iconWithBadge(const QIcon& base, int count);

} // namespace ferry::ui
