#include "ui/tray_icon.h"

#include "ui/contact_list_model.h"
#include "ui/conversation_view.h"
#include "ui/engine_adapter.h"
#include "ui/icons.h"
#include "ui/main_window.h"
#include "ui/node_controller.h"
#include "ui/node_status_text.h"
#include "ui/preferences.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

namespace ferry::ui {

QIcon iconWithBadge(const QIcon& base, int count) {
    if (count <= 0)
        return base;
    QIcon result;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pm = base.pixmap(size, size);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const int d = std::max(8, size * 11 / 20);
        const QRectF badge(size - d, 0, d, d);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd9, 0x30, 0x25));
        p.drawEllipse(badge);
        QFont font = p.font();
        font.setBold(true);
        font.setPixelSize(std::max(6, d * 2 / 3));
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(badge, Qt::AlignCenter,
                   count > 9 ? QStringLiteral("9+") : QString::number(count));
        p.end();
        result.addPixmap(pm);
    }
    return result;
}

TrayIcon::TrayIcon(MainWindow& window, EngineAdapter& engine, Preferences& preferences,
                   NodeController* node, QObject* parent)
    : QObject(parent), m_window(window), m_preferences(preferences) {
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setToolTip(tr("Ferry"));
    auto* menu = new QMenu(&window);
    m_toggle = menu->addAction(tr("Hide Ferry"), this, [this] {
        if (m_window.isVisible() && !m_window.isMinimized())
            m_window.hide();
        else
            m_window.raiseWindow();
    });
    menu->addAction(tr("Invite someone…"), &window, [this] {
        m_window.raiseWindow();
        m_window.inviteSomeone();
    });
    if (node) {
        QAction* contribute = menu->addAction(tr("Contribute as relay"));
        contribute->setCheckable(true);
        contribute->setChecked(node->enabled());
        connect(contribute, &QAction::toggled, node, &NodeController::setEnabled);
        connect(node, &NodeController::changed, contribute, [contribute, node] {
            const QSignalBlocker quiet(contribute);
            contribute->setChecked(node->enabled());
            contribute->setToolTip(nodeStatusLine(node->snapshot()));
        });
        menu->addAction(tr("Relay node…"), &window, [this] {
            m_window.raiseWindow();
            m_window.showNodePage(true);
        });
    }
    menu->addSeparator();
    menu->addAction(tr("Quit Ferry"), &window, &MainWindow::quitRequested);
    connect(menu, &QMenu::aboutToShow, this, [this] {
        m_toggle->setText(m_window.isVisible() && !m_window.isMinimized() ? tr("Hide Ferry")
                                                                          : tr("Show Ferry"));
    });
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
            m_window.raiseWindow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, &window, &MainWindow::raiseWindow);

    ContactListModel* contacts = window.contacts();
    connect(contacts, &QAbstractItemModel::modelReset, this, &TrayIcon::updateBadge);
    connect(contacts, &QAbstractItemModel::rowsRemoved, this, &TrayIcon::updateBadge);
    connect(contacts, &QAbstractItemModel::dataChanged, this, &TrayIcon::updateBadge);
    connect(contacts, &QAbstractItemModel::rowsInserted, this, &TrayIcon::updateBadge);
    connect(&engine, &EngineAdapter::messageReceived, this,
            [this](const MessageItem& m) { notify(m.contactId, m.text); });
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray->show();
}

void TrayIcon::updateBadge() {
    const ContactListModel* contacts = m_window.contacts();
    int unread = 0;
    for (int row = 0; row < contacts->rowCount(); ++row)
        unread += contacts->index(row).data(ContactListModel::UnreadRole).toInt();
    if (unread == m_unread)
        return;
    m_unread = unread;
    m_tray->setIcon(iconWithBadge(appIcon(), unread));
    m_tray->setToolTip(unread ? tr("Ferry — %n unread message(s)", nullptr, unread) : tr("Ferry"));
}

void TrayIcon::notify(qint64 contactId, const QString& text) {
    if (!m_preferences.notificationsEnabled())
        return;
    // No notification for what the user is reading right now.
    if (m_window.isActiveWindow() && m_window.conversation()->contactId() == contactId)
        return;
    if (m_preferences.notificationPreviews()) {
        const int row = m_window.contacts()->rowOf(contactId);
        m_lastTitle =
            row >= 0 ? m_window.contacts()->index(row).data(ContactListModel::NameRole).toString()
                     : tr("Ferry");
        m_lastBody = text.left(200);
    } else {
        m_lastTitle = tr("Ferry");
        m_lastBody = tr("New message");
    }
    if (m_tray->isVisible())
        m_tray->showMessage(m_lastTitle, m_lastBody, appIcon(), 8000);
}

} // namespace ferry::ui
