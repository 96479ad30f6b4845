// Translations: the Qt Linguist catalogues in translations/ are complete and keep their
// placeholders, and the compiled German catalogue is linked in and switches the texts.
#include "ui/chat_text.h"
#include "ui/preferences.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace ferry::ui;

namespace {

/// One <message> of a .ts file.
struct Message {
    QString context;
    QString source;
    QString comment;
    QString type;      ///< the <translation type="…">: "" when finished
    QStringList forms; ///< the translation, or its <numerusform>s
    bool numerus = false;
};

/// A .ts file's messages; an empty list and a failure when it does not parse.
QList<Message> readCatalogue(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") { // of the <context> the messages after it belong to
            context = xml.readElementText();
            continue;
        }
        if (xml.name() != u"message")
            continue; // <TS>, <context>: descend
        Message message;
        message.context = context;
        message.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
        while (xml.readNextStartElement()) {
            if (xml.name() == u"source") {
                message.source = xml.readElementText();
            } else if (xml.name() == u"comment") {
                message.comment = xml.readElementText();
            } else if (xml.name() == u"translation") {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (message.numerus) {
                    while (xml.readNextStartElement()) {
                        if (xml.name() == u"numerusform")
                            message.forms << xml.readElementText();
                        else
                            xml.skipCurrentElement();
                    }
                } else {
                    message.forms << xml.readElementText();
                }
            } else {
                xml.skipCurrentElement();
            }
        }
        messages << message;
    }
    if (xml.hasError())
        *error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

/// The %1, %L2, %n … a text fills in, sorted, with repeats.
QStringList placeholders(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("%L?(\\d+|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

/// How many keyboard accelerators ("&S") a text marks; "&&" and HTML entities are not ones.
int acceleratorCount(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("&(?:&|#?\\w+;|(?=[^\\s&]))"));
    int count = 0;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        count += it.next().capturedLength() == 1 ? 1 : 0;
    return count;
}

QStringList catalogues() {
    return QDir(QStringLiteral(FERRY_TS_DIR)).entryList({QStringLiteral("ferry_*.ts")});
}

QString languageOf(const QString& catalogue) {
    return catalogue.mid(6, catalogue.size() - 9); // ferry_<lang>.ts
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void germanIsCompiledIn() {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/ferry_de.qm")));
        const QStringList languages = availableLanguages();
        QVERIFY2(languages.contains(QStringLiteral("de")), qPrintable(languages.join(' ')));
        QVERIFY(languages.contains(QStringLiteral("en")));
        QCOMPARE(languageDisplayName(QStringLiteral("de")), QStringLiteral("Deutsch"));
    }

    void everyCatalogueIsCompiledIn() {
        const QStringList files = catalogues();
        QVERIFY2(!files.isEmpty(), FERRY_TS_DIR);
        for (const QString& file : files) {
            const QString language = languageOf(file);
            QVERIFY2(QFile::exists(QStringLiteral(":/i18n/ferry_%1.qm").arg(language)),
                     qPrintable(file));
            QVERIFY2(availableLanguages().contains(language), qPrintable(file));
        }
    }

    void cataloguesAreComplete_data() {
        QTest::addColumn<QString>("file");
        for (const QString& file : catalogues())
            QTest::newRow(qPrintable(file)) << file;
    }

    // Every message is translated (no unfinished, empty, vanished or obsolete entries), keeps
    // the placeholders and the keyboard accelerator of its source, has every plural form, and
    // the compiled .qm in the resources gives exactly that translation.
    void cataloguesAreComplete() {
        QFETCH(QString, file);
        QString error;
        const QList<Message> messages =
            readCatalogue(QStringLiteral(FERRY_TS_DIR "/") + file, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.isEmpty());

        QTranslator compiled;
        QVERIFY(compiled.load(QStringLiteral(":/i18n/ferry_%1.qm").arg(languageOf(file))));
        const int pluralForms = languageOf(file).startsWith(QLatin1String("de")) ? 2 : 0;

        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(" / \"") + m.source + u'"';
            if (!m.type.isEmpty()) {
                problems << m.type + QStringLiteral(": ") + where;
                continue;
            }
            if (m.forms.isEmpty() || (pluralForms && m.numerus && m.forms.size() != pluralForms))
                problems << QStringLiteral("wrong number of forms: ") + where;
            for (const QString& form : m.forms) {
                if (form.trimmed().isEmpty())
                    problems << QStringLiteral("empty: ") + where;
                else if (placeholders(form) != placeholders(m.source))
                    problems << QStringLiteral("placeholders differ: ") + where;
                else if (acceleratorCount(form) != acceleratorCount(m.source))
                    problems << QStringLiteral("accelerator differs: ") + where;
            }
            // The .qm in the binary is built from this .ts (not a stale one).
            const QByteArray context = m.context.toUtf8(), source = m.source.toUtf8(),
                             comment = m.comment.toUtf8();
            const char* disambiguation = m.comment.isEmpty() ? nullptr : comment.constData();
            if (!m.numerus && !m.forms.isEmpty() &&
                compiled.translate(context, source, disambiguation) != m.forms.first())
                problems << QStringLiteral("not in the compiled catalogue: ") + where;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // Runs last: installing a translator changes the texts of the whole process.
    void germanTextsAfterInstalling() {
        const QString used =
            installTranslations(*QCoreApplication::instance(), QStringLiteral("de"));
        QVERIFY2(used.startsWith(QLatin1String("de")), qPrintable(used));
        QCOMPARE(QCoreApplication::translate("ferry::ui::SettingsDialog", "Settings"),
                 QStringLiteral("Einstellungen"));
        QCOMPARE(QCoreApplication::translate("ferry::ui::ConversationView", "End-to-end encrypted"),
                 QStringLiteral("Ende-zu-Ende-verschlüsselt"));
        QCOMPARE(QCoreApplication::translate("main", "Ferry could not open the profile in %1: %2")
                     .arg(QStringLiteral("/p"), QStringLiteral("x")),
                 QStringLiteral("Ferry konnte das Profil in /p nicht öffnen: x"));
        QCOMPARE(QCoreApplication::translate("ferry::ui::MainWindow",
                                             "%n contact request(s) waiting", nullptr, 1),
                 QStringLiteral("1 Kontaktanfrage wartet"));
        QCOMPARE(QCoreApplication::translate("ferry::ui::MainWindow",
                                             "%n contact request(s) waiting", nullptr, 3),
                 QStringLiteral("3 Kontaktanfragen warten"));
        // Texts as the ui code itself asks for them, so a context that lupdate files
        // differently from the code shows up here.
        QCOMPARE(languageDisplayName({}), QStringLiteral("Systemsprache"));
        const QDate today(2024, 5, 17);
        QCOMPARE(dayLabel(today, today), QStringLiteral("Heute"));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
