#include "ui/profile_location.h"

#include <QDir>
#include <QFileInfo>

namespace ferry::ui {

namespace {
const QString kDatabaseFile = QStringLiteral("profile.db");
const QString kDefaultProfile = QStringLiteral("default");
} // namespace

QString ProfileLocation::databaseFile() const {
    return QDir(folder).filePath(kDatabaseFile);
}

ProfileLocation resolveProfile(const QString& argument, const QString& profilesRoot) {
    const QString value = argument.trimmed().isEmpty() ? kDefaultProfile : argument.trimmed();
    const bool bareName = !value.contains(QLatin1Char('/')) && !value.contains(QLatin1Char('\\')) &&
                          value != QLatin1String(".") && value != QLatin1String("..") &&
                          !value.startsWith(QLatin1Char('~'));
    if (bareName)
        return {value, QDir(profilesRoot).absoluteFilePath(value)};
    QString path = value;
    if (path.startsWith(QLatin1Char('~')))
        path.replace(0, 1, QDir::homePath());
    const QFileInfo info(QDir::cleanPath(path));
    return {info.fileName().isEmpty() ? path : info.fileName(), info.absoluteFilePath()};
}

QStringList listProfiles(const QString& profilesRoot) {
    QStringList names;
    const QDir root(profilesRoot);
    for (const QString& entry : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(root.filePath(entry) + QLatin1Char('/') + kDatabaseFile))
            names << entry;
    return names;
}

} // namespace ferry::ui
