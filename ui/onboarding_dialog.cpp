#include "ui/onboarding_dialog.h"

#include "smp/server_address.h"
#include "ui/dialog_parts.h"
#include "ui/directory_list.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>
#include <cmath>

namespace ferry::ui {

double estimatePassphraseBits(const QString& passphrase) {
    const QList<uint> chars = passphrase.toUcs4();
    if (chars.isEmpty())
        return 0.0;
    bool lower = false, upper = false, digit = false, symbol = false, other = false;
    QSet<uint> distinct;
    for (const uint c : chars) {
        distinct.insert(c);
        if (c >= 'a' && c <= 'z')
            lower = true;
        else if (c >= 'A' && c <= 'Z')
            upper = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else if (c < 0x80)
            symbol = true;
        else
            other = true;
    }
    const int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) +
                     (other ? 100 : 0);
    // A new character adds the pool's worth of bits; a repeated one barely anything, so
    // "aaaaaaaaaaaa" stays weak however long it is.
    const auto fresh = double(distinct.size());
    const auto repeated = double(chars.size()) - fresh;
    return fresh * std::log2(double(pool)) + repeated;
}

namespace {

QString strengthText(double bits) {
    if (bits < 28)
        return OnboardingDialog::tr("Strength: very weak. Use several words, or more characters.");
    if (bits < kWeakPassphraseBits)
        return OnboardingDialog::tr("Strength: weak. A longer passphrase of several words is "
                                    "much harder to guess.");
    if (bits < 80)
        return OnboardingDialog::tr("Strength: fair.");
    return OnboardingDialog::tr("Strength: strong.");
}

QLineEdit* lineEdit(const char* objectName, QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    return edit;
}

} // namespace

OnboardingDialog::OnboardingDialog(KeyMode mode, QWidget* parent) : QDialog(parent), m_mode(mode) {
    setWindowTitle(tr("Welcome to Ferry"));
    setMinimumWidth(460);
    setObjectName(QStringLiteral("onboardingDialog"));

    auto* intro = new QLabel(
        tr("There is no account, phone number or e-mail address. The display name you choose "
           "here is the only thing that identifies you, and only your contacts see it."),
        this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);

    QString keyText;
    switch (mode) {
    case KeyMode::Keychain:
        keyText = tr("Your messages are stored encrypted on this computer. The key is kept in "
                     "your system keychain, so Ferry starts without asking for a password.");
        break;
    case KeyMode::Passphrase:
        keyText = tr("No system keychain is available, so your messages are encrypted with a "
                     "passphrase. Ferry asks for it at each start. Nobody can recover it if you "
                     "forget it.");
        break;
    case KeyMode::KeyFile:
        keyText = tr("Your messages are encrypted with the key from the key file given on the "
                     "command line.");
        break;
    }
    auto* keyLabel = new QLabel(keyText, this);
    keyLabel->setObjectName(QStringLiteral("keyModeLabel"));
    keyLabel->setWordWrap(true);

    auto* form = m_form = new QFormLayout;
    m_name = lineEdit("displayNameEdit", this);
    m_name->setPlaceholderText(tr("How your contacts see you"));
    form->addRow(tr("&Display name:"), m_name);

    m_relay = lineEdit("relayEdit", this);
    m_relay->setPlaceholderText(tr("smp://fingerprint@host[:port] (optional)"));
    m_relay->setToolTip(tr("A relay to receive messages through. You can add relays later."));
    form->addRow(tr("First &relay:"), m_relay);
    m_directoryNote = wrappedLabel(QString(), this);
    m_directoryNote->setObjectName(QStringLiteral("directoryNote"));
    m_directoryNote->hide();

    if (mode == KeyMode::Passphrase) {
        m_passphrase = lineEdit("passphraseEdit", this);
        m_passphrase->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&Passphrase:"), m_passphrase);
        m_confirm = lineEdit("confirmEdit", this);
        m_confirm->setEchoMode(QLineEdit::Password);
        form->addRow(tr("Con&firm passphrase:"), m_confirm);
        m_strength = new QLabel(this);
        m_strength->setObjectName(QStringLiteral("strengthLabel"));
        m_strength->setWordWrap(true);
        form->addRow(QString(), m_strength);
        connect(m_passphrase, &QLineEdit::textChanged, this, &OnboardingDialog::updateStrength);
        updateStrength();
    }

    m_error = errorLabel(this);
    m_buttons = okCancelButtons(*this, tr("&Create profile"), QStringLiteral("createButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(keyLabel);
    layout->addLayout(form);
    layout->addWidget(m_directoryNote);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_name->setFocus();
}

QString OnboardingDialog::displayName() const {
    return m_name->text().trimmed();
}

void OnboardingDialog::setDisplayName(const QString& name) {
    m_name->setText(name);
}

QString OnboardingDialog::relayAddress() const {
    return m_relay->text().trimmed();
}

void OnboardingDialog::setRelayAddress(const QString& address) {
    m_relay->setText(address);
}

void OnboardingDialog::setDirectories(const QStringList& directories) {
    QStringList hosts;
    for (const QString& address : directories)
        hosts << directoryHost(address);
    const QString list = QLocale().createSeparatedList(hosts);
    m_directoryNote->setText(
        hosts.size() == 1
            ? tr("Ferry finds relays for your conversations through the relay directory at %1, "
                 "so you can invite contacts right away. You can add relays of your own later "
                 "in Settings.")
                  .arg(list)
            : tr("Ferry finds relays for your conversations through the relay directories at "
                 "%1, so you can invite contacts right away. You can add relays of your own "
                 "later in Settings.")
                  .arg(list));
    m_directoryNote->setVisible(!hosts.isEmpty());
    m_form->setRowVisible(m_relay, hosts.isEmpty());
    if (!hosts.isEmpty())
        m_relay->clear();
}

QString OnboardingDialog::passphrase() const {
    return m_passphrase ? m_passphrase->text() : QString();
}

void OnboardingDialog::showError(const QString& message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void OnboardingDialog::updateStrength() {
    const QString text = m_passphrase->text();
    m_strength->setText(text.isEmpty() ? tr("Choose a passphrase of several words.")
                                       : strengthText(estimatePassphraseBits(text)));
}

QString OnboardingDialog::displayNameProblem(const QString& name) {
    if (name.isEmpty())
        return tr("Please choose a display name.");
    if (name.toUcs4().size() > kMaxDisplayNameLength)
        return tr("The display name can be at most %1 characters long.").arg(kMaxDisplayNameLength);
    return {};
}

QString OnboardingDialog::relayAddressProblem(const QString& address) {
    const auto parsed = core::smp::parseServerAddress(address.toStdString());
    if (parsed)
        return {};
    return tr("The relay address is not valid (%1). It looks like smp://fingerprint@host or "
              "smp://fingerprint@host:port.")
        .arg(QString::fromStdString(parsed.error().message));
}

QString OnboardingDialog::validate(QWidget** field) const {
    *field = m_name;
    if (QString problem = displayNameProblem(displayName()); !problem.isEmpty())
        return problem;
    *field = m_relay;
    if (const QString relay = relayAddress(); !relay.isEmpty())
        if (QString problem = relayAddressProblem(relay); !problem.isEmpty())
            return problem;
    if (m_mode == KeyMode::Passphrase) {
        *field = m_passphrase;
        if (m_passphrase->text().isEmpty())
            return tr("Please choose a passphrase.");
        *field = m_confirm;
        if (m_confirm->text() != m_passphrase->text())
            return tr("The two passphrases differ. Type the same passphrase in both fields.");
    }
    *field = nullptr;
    return {};
}

void OnboardingDialog::accept() {
    QWidget* field = nullptr;
    const QString problem = validate(&field);
    showError(problem);
    if (!problem.isEmpty()) {
        if (field) {
            field->setFocus();
            if (auto* edit = qobject_cast<QLineEdit*>(field))
                edit->selectAll();
        }
        return;
    }
    QDialog::accept();
}

} // namespace ferry::ui
