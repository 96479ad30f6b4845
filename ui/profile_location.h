#pragma once

#include <QString>
#include <QStringList>

namespace ferry::ui {

/// Where a profile lives on disk.
struct ProfileLocation {
    QString name;   ///< what the profile switcher shows
    QString folder; ///< absolute path of the profile folder
    QString databaseFile() const;
};

/// Resolves `--profile NAME|DIR` the way the app and its docs describe: a bare name (no
/// slash, not "." or "..") is a profile under `profilesRoot` (the platform app-data folder,
/// passed in by the composition root); anything else is a path used as the profile folder.
/// An empty argument means the profile called "default".
ProfileLocation resolveProfile(const QString& argument, const QString& profilesRoot);

/// The profiles under `profilesRoot` (folders holding a profile database), by name.
QStringList listProfiles(const QString& profilesRoot);

} // namespace ferry::ui
