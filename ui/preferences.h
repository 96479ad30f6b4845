#pragma once

#include "ui/node_types.h"

#include <QByteArray>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ferry::ui {

/// The profile's non-secret preferences (language, notifications, tray, window geometry),
/// kept in `<profileFolder>/settings.ini`; every setter writes through at once.
class Preferences : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY changed)
    Q_PROPERTY(bool notificationsEnabled READ notificationsEnabled WRITE setNotificationsEnabled
                   NOTIFY changed)
    Q_PROPERTY(bool notificationPreviews READ notificationPreviews WRITE setNotificationPreviews
                   NOTIFY changed)
    Q_PROPERTY(bool closeToTray READ closeToTray WRITE setCloseToTray NOTIFY changed)

public:
    explicit Preferences(const QString& profileFolder, QObject* parent = nullptr);

    /// The file the preferences live in.
    QString fileName() const;

    /// "" follows the system; otherwise a locale name such as "de" or "en".
    QString language() const;
    void setLanguage(const QString& name);

    /// Desktop notifications for new messages (default on).
    bool notificationsEnabled() const;
    void setNotificationsEnabled(bool enabled);

    /// Whether a notification shows the sender and the text (default on); when off it only
    /// says that a new message arrived.
    bool notificationPreviews() const;
    void setNotificationPreviews(bool previews);

    /// Closing the main window keeps Ferry running in the tray (default on).
    bool closeToTray() const;
    void setCloseToTray(bool enabled);

    /// QWidget::saveGeometry() of the main window; empty when never saved.
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);

    /// "Contribute as relay" is on (the in-app relay starts with the app).
    bool nodeEnabled() const;
    void setNodeEnabled(bool enabled);

    /// The limits of the in-app relay (safe defaults until the user sets them).
    NodeLimits nodeLimits() const;
    void setNodeLimits(const NodeLimits& limits);

    /// QMainWindow::saveState() of the main window; empty when never saved.
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

signals:
    /// Any preference changed (emitted only when a value really changes).
    void changed();

private:
    QVariant value(const char* key, const QVariant& fallback) const;
    void store(const char* key, const QVariant& value);

    QSettings m_settings;
};

/// Locale names with a translation: "en" (the source language) plus every
/// `:/i18n/ferry_<lang>.qm` compiled into the application, sorted.
QStringList availableLanguages();

/// The language's own name for itself, e.g. "Deutsch" for "de"; for "" (follow the system)
/// a translated "System language".
QString languageDisplayName(const QString& language);

/// Installs Ferry's translation (and Qt's own, when found) for `language` ("" = the system's)
/// into `app`; the translators become children of `app`. Returns the locale name used, or ""
/// when the texts stay in English.
QString installTranslations(QCoreApplication& app, const QString& language);

} // namespace ferry::ui
