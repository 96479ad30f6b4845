#pragma once

#include <QString>
#include <QStringList>

namespace ferry::ui {

/// Why `text` is not a relay directory address, in words for the user; empty when it is
/// one. A directory address looks like https://fingerprint@host:port.
QString directoryAddressProblem(const QString& text);

/// The address in its one written form (the port only when it is not 443, no trailing
/// slash), so that one directory typed two ways is one entry; `text` itself when it is not
/// a directory address.
QString canonicalDirectory(const QString& text);

/// "host:port" (or "host" for port 443) of a directory address, for lists and sentences.
QString directoryHost(const QString& address);

/// Reads a list of directory addresses: one a line, blank lines and everything after '#'
/// ignored. Lines that are not directory addresses are left out and described, with their
/// line number, in `*problems` (when given). Duplicates are dropped.
QStringList parseDirectoryList(const QString& text, QStringList* problems = nullptr);

/// The directories a new profile starts with: the list shipped in the app's resources
/// (resources/directories.txt).
QStringList defaultDirectories();

} // namespace ferry::ui
