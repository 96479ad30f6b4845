#include "ui/unlock_dialog.h"

#include "ui/dialog_parts.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace ferry::ui {

UnlockDialog::UnlockDialog(const QString& profileName, Check check, QWidget* parent)
    : QDialog(parent), m_check(std::move(check)) {
    setWindowTitle(tr("Unlock Ferry"));
    setObjectName(QStringLiteral("unlockDialog"));

    auto* intro =
        new QLabel(tr("The profile \"%1\" is protected by a passphrase.").arg(profileName), this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);

    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("passphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout;
    form->addRow(tr("&Passphrase:"), m_passphrase);

    m_status = new QLabel(tr("Unlocking…"), this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->hide();

    m_error = errorLabel(this);
    m_buttons = okCancelButtons(*this, tr("&Unlock"), QStringLiteral("unlockButton"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_passphrase->setFocus();
}

UnlockDialog::~UnlockDialog() {
    if (m_worker)
        m_worker->wait();
}

void UnlockDialog::accept() {
    if (m_worker)
        return;
    const QString passphrase = m_passphrase->text();
    if (passphrase.isEmpty()) {
        m_error->setText(tr("Please type the passphrase."));
        m_error->show();
        return;
    }
    setBusy(true);
    m_worker.reset(QThread::create([this, passphrase] { m_result = m_check(passphrase); }));
    connect(m_worker.get(), &QThread::finished, this, &UnlockDialog::checkFinished);
    m_worker->start();
}

void UnlockDialog::reject() {
    if (!m_worker)
        QDialog::reject();
}

void UnlockDialog::checkFinished() {
    m_worker->wait();
    m_worker.reset();
    setBusy(false);
    if (m_result.isEmpty()) {
        m_error->hide();
        QDialog::accept();
        return;
    }
    m_error->setText(m_result);
    m_error->show();
    m_passphrase->selectAll();
    m_passphrase->setFocus();
}

void UnlockDialog::setBusy(bool busy) {
    m_status->setVisible(busy);
    m_passphrase->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

} // namespace ferry::ui
