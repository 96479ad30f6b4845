// Relay directory addresses as the app reads them: the user's input explained, one written
// form per directory, the list file format, and the list the app ships.
#include "ui/directory_list.h"
#include "util/base64.h"

#include <QFile>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;

namespace {

QString fingerprint(unsigned char fill = 1) {
    return QString::fromStdString(core::base64UrlEncode(core::Bytes(32, fill)));
}

} // namespace

class TestDirectoryList : public QObject {
    Q_OBJECT

private slots:
    void problemsAreExplained() {
        const QString good =
            QStringLiteral("https://%1@directory.example.org:8443").arg(fingerprint());
        QVERIFY(directoryAddressProblem(good).isEmpty());
        QVERIFY(
            directoryAddressProblem(QStringLiteral("  ") + good + QStringLiteral(" ")).isEmpty());
        const struct {
            QString input;
            QString expected;
        } cases[] = {
            {QString(), QStringLiteral("Enter the directory's address")},
            {QStringLiteral("directory.example.org"), QStringLiteral("starts with https://")},
            {QStringLiteral("smp://%1@relay.example.org").arg(fingerprint()),
             QStringLiteral("starts with https://")},
            {QStringLiteral("https://directory.example.org"),
             QStringLiteral("lacks the directory's fingerprint")},
            {QStringLiteral("https://AAAA@directory.example.org"),
             QStringLiteral("not a valid directory address")},
            {QStringLiteral("https://%1@directory.example.org:99999").arg(fingerprint()),
             QStringLiteral("port")},
        };
        for (const auto& c : cases) {
            const QString problem = directoryAddressProblem(c.input);
            QVERIFY2(problem.contains(c.expected), qPrintable(c.input + " → " + problem));
        }
    }

    void oneWrittenFormAndAShortHost() {
        const QString bare = QStringLiteral("https://%1@directory.example.org").arg(fingerprint());
        QCOMPARE(canonicalDirectory(bare + QStringLiteral(":443/")), bare);
        QCOMPARE(canonicalDirectory(QStringLiteral(" ") + bare + QStringLiteral("/ ")), bare);
        const QString other = QStringLiteral("https://%1@10.0.0.5:8443").arg(fingerprint());
        QCOMPARE(canonicalDirectory(other), other);
        QCOMPARE(canonicalDirectory(QStringLiteral("nonsense")), QStringLiteral("nonsense"));

        QCOMPARE(directoryHost(bare), QStringLiteral("directory.example.org"));
        QCOMPARE(directoryHost(other), QStringLiteral("10.0.0.5:8443"));
        QCOMPARE(directoryHost(QStringLiteral("https://%1@[2001:db8::1]:8443").arg(fingerprint())),
                 QStringLiteral("[2001:db8::1]:8443"));
    }

    void listFilesHaveCommentsAndNameBadLines() {
        const QString a = QStringLiteral("https://%1@a.example.org").arg(fingerprint(1));
        const QString b = QStringLiteral("https://%1@b.example.org:8443").arg(fingerprint(2));
        const QString text = QStringLiteral("# Relay directories\n"
                                            "\n"
                                            "%1   # the first\n"
                                            "  %2\n"
                                            "https://nonsense\n"
                                            "%1:443\n")
                                 .arg(a, b);
        QStringList problems;
        QCOMPARE(parseDirectoryList(text, &problems), (QStringList{a, b}));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("line 5: ")),
                 qPrintable(problems.first()));
        QVERIFY(parseDirectoryList(QString()).isEmpty());
    }

    // The list the app ships: built into the binary, every entry a directory address. No
    // public directory exists yet, so it is empty and says why.
    void theShippedListIsBuiltInAndValid() {
        QFile file(QStringLiteral(":/directories.txt"));
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString text = QString::fromUtf8(file.readAll());
        QStringList problems;
        const QStringList listed = parseDirectoryList(text, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(defaultDirectories(), listed);
        QVERIFY(listed.isEmpty());
        QVERIFY(text.contains(QStringLiteral("no public relay directory exists yet")));
    }
};

QTEST_GUILESS_MAIN(TestDirectoryList)
#include "test_directory_list.moc"
