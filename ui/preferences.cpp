#include "ui/preferences.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QTranslator>
#include <memory>

namespace ferry::ui {

namespace {

constexpr auto kLanguage = "ui/language";
constexpr auto kNotificationsEnabled = "notifications/enabled";
constexpr auto kNotificationPreviews = "notifications/previews";
constexpr auto kCloseToTray = "ui/closeToTray";
constexpr auto kWindowGeometry = "window/geometry";
constexpr auto kWindowState = "window/state";

/// Where the build puts the compiled translations (a Qt resource prefix).
const QString kTranslationFolder = QStringLiteral(":/i18n");
const QString kSourceLanguage = QStringLiteral("en");

} // namespace

Preferences::Preferences(const QString& profileFolder, QObject* parent)
    : QObject(parent), m_settings(QDir(profileFolder).filePath(QStringLiteral("settings.ini")),
                                  QSettings::IniFormat) {}

QString Preferences::fileName() const {
    return m_settings.fileName();
}

QVariant Preferences::value(const char* key, const QVariant& fallback) const {
    return m_settings.value(QLatin1String(key), fallback);
}

void Preferences::store(const char* key, const QVariant& value) {
    m_settings.setValue(QLatin1String(key), value);
    // Written at once: a crash or a second instance must not lose or miss the change.
    m_settings.sync();
    emit changed();
}

bool Preferences::nodeEnabled() const {
    return value("node/enabled", false).toBool();
}

void Preferences::setNodeEnabled(bool enabled) {
    if (nodeEnabled() == enabled)
        return;
    store("node/enabled", enabled);
}

NodeLimits Preferences::nodeLimits() const {
    const NodeLimits defaults;
    NodeLimits l;
    l.port = static_cast<quint16>(value("node/port", defaults.port).toUInt());
    l.storageCapBytes = value("node/storage_cap", defaults.storageCapBytes).toULongLong();
    l.dailyQuotaBytes = value("node/daily_quota", defaults.dailyQuotaBytes).toULongLong();
    l.monthlyQuotaBytes = value("node/monthly_quota", defaults.monthlyQuotaBytes).toULongLong();
    l.maxConnections = value("node/max_connections", defaults.maxConnections).toUInt();
    l.bandwidthBytesPerSecond =
        value("node/bandwidth", defaults.bandwidthBytesPerSecond).toULongLong();
    l.pauseOnBattery = value("node/pause_on_battery", defaults.pauseOnBattery).toBool();
    l.pauseOnMetered = value("node/pause_on_metered", defaults.pauseOnMetered).toBool();
    l.proxy = value("node/proxy", defaults.proxy).toBool();
    l.listInDirectories = value("node/list_in_directories", defaults.listInDirectories).toBool();
    return l;
}

void Preferences::setNodeLimits(const NodeLimits& limits) {
    if (nodeLimits() == limits)
        return;
    m_settings.setValue(QStringLiteral("node/port"), limits.port);
    m_settings.setValue(QStringLiteral("node/storage_cap"), limits.storageCapBytes);
    m_settings.setValue(QStringLiteral("node/daily_quota"), limits.dailyQuotaBytes);
    m_settings.setValue(QStringLiteral("node/monthly_quota"), limits.monthlyQuotaBytes);
    m_settings.setValue(QStringLiteral("node/bandwidth"), limits.bandwidthBytesPerSecond);
    m_settings.setValue(QStringLiteral("node/pause_on_battery"), limits.pauseOnBattery);
    m_settings.setValue(QStringLiteral("node/pause_on_metered"), limits.pauseOnMetered);
    m_settings.setValue(QStringLiteral("node/proxy"), limits.proxy);
    m_settings.setValue(QStringLiteral("node/list_in_directories"), limits.listInDirectories);
    store("node/max_connections", limits.maxConnections);
}

QString Preferences::language() const {
    return value(kLanguage, QString()).toString();
}

void Preferences::setLanguage(const QString& name) {
    if (language() == name)
        return;
    store(kLanguage, name);
}

bool Preferences::notificationsEnabled() const {
    return value(kNotificationsEnabled, true).toBool();
}

void Preferences::setNotificationsEnabled(bool enabled) {
    if (notificationsEnabled() == enabled)
        return;
    store(kNotificationsEnabled, enabled);
}

bool Preferences::notificationPreviews() const {
    return value(kNotificationPreviews, true).toBool();
}

void Preferences::setNotificationPreviews(bool previews) {
    if (notificationPreviews() == previews)
        return;
    store(kNotificationPreviews, previews);
}

bool Preferences::closeToTray() const {
    return value(kCloseToTray, true).toBool();
}

void Preferences::setCloseToTray(bool enabled) {
    if (closeToTray() == enabled)
        return;
    store(kCloseToTray, enabled);
}

QByteArray Preferences::windowGeometry() const {
    return value(kWindowGeometry, QByteArray()).toByteArray();
}

void Preferences::setWindowGeometry(const QByteArray& geometry) {
    if (windowGeometry() == geometry)
        return;
    store(kWindowGeometry, geometry);
}

QByteArray Preferences::windowState() const {
    return value(kWindowState, QByteArray()).toByteArray();
}

void Preferences::setWindowState(const QByteArray& state) {
    if (windowState() == state)
        return;
    store(kWindowState, state);
}

QStringList availableLanguages() {
    QStringList languages{kSourceLanguage};
    static const QRegularExpression pattern(QStringLiteral("^ferry_(.+)\\.qm$"));
    const QStringList files = QDir(kTranslationFolder).entryList({QStringLiteral("ferry_*.qm")});
    for (const QString& file : files) {
        const auto match = pattern.match(file);
        if (match.hasMatch() && !languages.contains(match.captured(1)))
            languages << match.captured(1);
    }
    languages.sort();
    return languages;
}

QString languageDisplayName(const QString& language) {
    if (language.isEmpty())
        return QCoreApplication::translate("ferry::ui::Preferences", "System language");
    const QLocale locale(language);
    QString name = locale.nativeLanguageName();
    if (!language.contains(QLatin1Char('_')) && !language.contains(QLatin1Char('-'))) {
        // A bare language ("en") resolves to one territory's variant ("American English");
        // the plain name is the shortest among the language's variants ("English").
        const auto variants =
            QLocale::matchingLocales(locale.language(), QLocale::AnyScript, QLocale::AnyTerritory);
        for (const QLocale& variant : variants) {
            const QString variantName = variant.nativeLanguageName();
            if (!variantName.isEmpty() && variantName.size() < name.size())
                name = variantName;
        }
    }
    if (name.isEmpty())
        return language;
    // Some languages write their own name in lower case ("français"); a list starts upper.
    name[0] = name.at(0).toUpper();
    return name;
}

QString installTranslations(QCoreApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale); // dates and numbers follow the chosen language too
    auto ferry = std::make_unique<QTranslator>();
    if (!ferry->load(locale, QStringLiteral("ferry"), QStringLiteral("_"), kTranslationFolder))
        return {};
    const QString used = ferry->language();
    ferry->setParent(&app);
    app.installTranslator(ferry.release());
    // Qt's own texts (standard buttons, context menus), when the system has them.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        qt->setParent(&app);
        app.installTranslator(qt.release());
    }
    return used;
}

} // namespace ferry::ui
