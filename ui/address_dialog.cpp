#include "ui/address_dialog.h"

#include "agent/agent_errc.h"
#include "ui/dialog_parts.h"
#include "ui/engine_adapter.h"
#include "ui/failure_text.h"
#include "ui/link_share_panel.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ferry::ui {

AddressDialog::AddressDialog(EngineAdapter& adapter, QWidget* parent)
    : QDialog(parent), m_adapter(adapter), m_pages(new QStackedWidget(this)),
      m_busyPage(new QWidget(m_pages)), m_nonePage(new QWidget(m_pages)),
      m_readyPage(new QWidget(m_pages)), m_failedPage(new QWidget(m_pages)),
      m_busyLabel(new QLabel(m_busyPage)),
      m_share(new LinkSharePanel(QStringLiteral("ferry-address.png"), m_readyPage)),
      m_create(new QPushButton(tr("&Create address"), m_nonePage)),
      m_delete(new QPushButton(tr("&Delete address…"), m_readyPage)),
      m_problem(wrappedLabel({}, m_failedPage)),
      m_retry(new QPushButton(tr("&Try again"), m_failedPage)) {
    setObjectName(QStringLiteral("addressDialog"));
    setWindowTitle(tr("My address"));

    buildPages();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);

    connect(m_create, &QPushButton::clicked, this, &AddressDialog::createAddress);
    connect(m_delete, &QPushButton::clicked, this, &AddressDialog::confirmDelete);
    connect(m_retry, &QPushButton::clicked, this, &AddressDialog::retry);
    // Deleted elsewhere (another window) while this one shows it.
    connect(&m_adapter, &EngineAdapter::addressDeleted, this, &AddressDialog::onDeleted);
}

void AddressDialog::buildPages() {
    m_busyPage->setObjectName(QStringLiteral("busyPage"));
    m_busyLabel->setAlignment(Qt::AlignCenter);
    auto* progress = new QProgressBar(m_busyPage);
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    auto* busy = new QVBoxLayout(m_busyPage);
    busy->addStretch(1);
    busy->addWidget(m_busyLabel);
    busy->addWidget(progress);
    busy->addStretch(1);

    m_nonePage->setObjectName(QStringLiteral("noAddressPage"));
    m_create->setObjectName(QStringLiteral("createAddressButton"));
    auto* none = new QVBoxLayout(m_nonePage);
    none->addStretch(1);
    none->addWidget(wrappedLabel(tr("You have no address yet."), m_nonePage));
    none->addWidget(wrappedLabel(
        tr("An address is a link you can publish — on a website, a business card, in an email "
           "signature. Unlike an invitation it works many times: anyone who has it can ask to "
           "become your contact, and you accept or reject each request. You can delete it at "
           "any time; contacts you made through it stay."),
        m_nonePage));
    none->addWidget(m_create, 0, Qt::AlignLeft);
    none->addStretch(1);

    m_readyPage->setObjectName(QStringLiteral("addressPage"));
    m_delete->setObjectName(QStringLiteral("deleteAddressButton"));
    auto* ready = new QVBoxLayout(m_readyPage);
    ready->setContentsMargins(0, 0, 0, 0);
    ready->addWidget(wrappedLabel(tr("Anyone who scans this code or opens the link can ask to "
                                     "become your contact. You accept or reject each request."),
                                  m_readyPage));
    ready->addWidget(m_share, 1);
    ready->addWidget(m_delete, 0, Qt::AlignLeft);

    m_failedPage->setObjectName(QStringLiteral("failedPage"));
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    auto* failed = new QVBoxLayout(m_failedPage);
    failed->addStretch(1);
    failed->addWidget(m_problem);
    failed->addWidget(m_retry, 0, Qt::AlignLeft);
    failed->addStretch(1);

    m_pages->addWidget(m_busyPage);
    m_pages->addWidget(m_nonePage);
    m_pages->addWidget(m_readyPage);
    m_pages->addWidget(m_failedPage);
}

QString AddressDialog::link() const {
    return m_state == State::Ready ? m_share->link() : QString();
}

QrCodeWidget* AddressDialog::qrCode() const {
    return m_share->qrCode();
}

QMessageBox* AddressDialog::deleteConfirmation() const {
    return m_confirmation;
}

QString AddressDialog::problem() const {
    return m_state == State::Failed ? m_problem->text() : QString();
}

bool AddressDialog::busy() const {
    return m_state == State::Loading || m_state == State::Creating || m_state == State::Deleting;
}

void AddressDialog::reload() {
    if (busy())
        return;
    setBusy(State::Loading, tr("Loading your address…"));
    m_adapter.loadAddress(
        this,
        [this](const QString& link) {
            if (m_state == State::Loading)
                onLoaded(link);
        },
        [this](const core::Error& error) { onFailed(Operation::Load, error); });
}

void AddressDialog::createAddress() {
    if (busy())
        return;
    setBusy(State::Creating, tr("Creating your address…"));
    m_adapter.createAddress(
        this,
        [this](const QString& link) {
            if (m_state == State::Creating)
                onLoaded(link);
        },
        [this](const core::Error& error) { onFailed(Operation::Create, error); });
}

void AddressDialog::confirmDelete() {
    if (m_state != State::Ready || m_confirmation)
        return;
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Delete your address?"),
        tr("People who have your address will no longer be able to ask to become your contact. "
           "Contacts you made through it stay."),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteAddressConfirmation"));
    auto* remove = box->addButton(tr("Delete address"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(remove, &QPushButton::clicked, this, &AddressDialog::deleteAddress);
    m_confirmation = box;
    box->open();
}

void AddressDialog::deleteAddress() {
    if (busy())
        return;
    setBusy(State::Deleting, tr("Deleting your address…"));
    // Done: addressDeleted (connected above) updates this dialog like any other.
    m_adapter.deleteAddress(
        this, {}, [this](const core::Error& error) { onFailed(Operation::Delete, error); });
}

void AddressDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    if (m_state == State::Idle)
        reload();
}

void AddressDialog::onLoaded(const QString& link) {
    if (link.isEmpty()) {
        setState(State::None);
        return;
    }
    m_share->setLink(link);
    setState(State::Ready);
}

void AddressDialog::onDeleted() {
    if (m_state != State::Deleting && m_state != State::Ready)
        return;
    m_share->setLink({});
    setState(State::None);
}

void AddressDialog::onFailed(Operation operation, const core::Error& error) {
    // A late answer to an operation this dialog has moved past (a retry began) says nothing.
    const bool current = (m_state == State::Loading && operation == Operation::Load) ||
                         (m_state == State::Creating && operation == Operation::Create) ||
                         (m_state == State::Deleting && operation == Operation::Delete);
    if (!current)
        return;
    if (error.code == core::agent::AgentErrc::Exists) {
        // Made meanwhile (another window): show it. Core's message holds the link; not shown.
        m_state = State::Failed;
        reload();
        return;
    }
    m_failedOperation = operation;
    m_problem->setText(failureText(error));
    setState(State::Failed);
}

void AddressDialog::retry() {
    const Operation operation = m_failedOperation;
    m_state = State::Idle;
    if (operation == Operation::Create)
        createAddress();
    else if (operation == Operation::Delete)
        deleteAddress();
    else
        reload();
}

void AddressDialog::setBusy(State state, const QString& text) {
    m_busyLabel->setText(text);
    setState(state);
}

void AddressDialog::setState(State state) {
    m_state = state;
    switch (state) {
    case State::Idle:
    case State::Loading:
    case State::Creating:
    case State::Deleting:
        showPage(*m_pages, m_busyPage);
        break;
    case State::None:
        showPage(*m_pages, m_nonePage, m_create);
        break;
    case State::Ready:
        showPage(*m_pages, m_readyPage, m_share->copyButton());
        break;
    case State::Failed:
        showPage(*m_pages, m_failedPage, m_retry);
        break;
    }
}

} // namespace ferry::ui
