#include "ui/directory_list.h"

#include "directory/directory_address.h"

#include <QCoreApplication>
#include <QFile>

namespace ferry::ui {

namespace {

// The translation context of this file's messages.
struct DirectoryText {
    Q_DECLARE_TR_FUNCTIONS(ferry::ui::DirectoryList)
};

const QString kScheme = QStringLiteral("https://");

} // namespace

QString directoryAddressProblem(const QString& text) {
    const QString address = text.trimmed();
    if (address.isEmpty())
        return DirectoryText::tr("Enter the directory's address; it looks like "
                                 "https://fingerprint@host:port.");
    if (!address.startsWith(kScheme, Qt::CaseInsensitive))
        return DirectoryText::tr("A relay directory's address starts with https://, for example "
                                 "https://fingerprint@directory.example.org.");
    if (!address.contains(QLatin1Char('@')))
        return DirectoryText::tr("The address lacks the directory's fingerprint: it looks like "
                                 "https://fingerprint@host:port.");
    auto parsed = core::directory::parseDirectoryAddress(address.toStdString());
    if (!parsed) {
        // The parser's detail is technical English; it follows the translated sentence.
        return DirectoryText::tr("This is not a valid directory address (%1). Check that you "
                                 "copied all of it.")
            .arg(QString::fromStdString(parsed.error().message));
    }
    return {};
}

QString canonicalDirectory(const QString& text) {
    auto parsed = core::directory::parseDirectoryAddress(text.trimmed().toStdString());
    if (!parsed)
        return text;
    return QString::fromStdString(core::directory::formatDirectoryAddress(*parsed));
}

QString directoryHost(const QString& address) {
    auto parsed = core::directory::parseDirectoryAddress(address.toStdString());
    if (!parsed)
        return address;
    const QString host = QString::fromStdString(parsed->host);
    const QString shown = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    if (parsed->port == core::directory::kDefaultDirectoryPort)
        return shown;
    return QStringLiteral("%1:%2").arg(shown).arg(parsed->port);
}

QStringList parseDirectoryList(const QString& text, QStringList* problems) {
    QStringList directories;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].section(QLatin1Char('#'), 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        auto parsed = core::directory::parseDirectoryAddress(line.toStdString());
        if (!parsed) {
            if (problems)
                *problems << QStringLiteral("line %1: %2")
                                 .arg(i + 1)
                                 .arg(QString::fromStdString(parsed.error().message));
            continue;
        }
        const QString address =
            QString::fromStdString(core::directory::formatDirectoryAddress(*parsed));
        if (!directories.contains(address))
            directories << address;
    }
    return directories;
}

QStringList defaultDirectories() {
    QFile file(QStringLiteral(":/directories.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return parseDirectoryList(QString::fromUtf8(file.readAll()));
}

} // namespace ferry::ui
