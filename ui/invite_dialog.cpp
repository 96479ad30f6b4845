#include "ui/invite_dialog.h"

#include "ui/dialog_parts.h"
#include "ui/engine_adapter.h"
#include "ui/failure_text.h"
#include "ui/link_share_panel.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ferry::ui {

InviteDialog::InviteDialog(EngineAdapter& adapter, QWidget* parent)
    : QDialog(parent), m_adapter(adapter), m_pages(new QStackedWidget(this)),
      m_creatingPage(new QWidget(m_pages)), m_readyPage(new QWidget(m_pages)),
      m_failedPage(new QWidget(m_pages)),
      m_share(new LinkSharePanel(QStringLiteral("ferry-invitation.png"), m_readyPage)),
      m_problem(wrappedLabel({}, m_failedPage)),
      m_retry(new QPushButton(tr("&Try again"), m_failedPage)) {
    setObjectName(QStringLiteral("inviteDialog"));
    setWindowTitle(tr("Invite someone"));

    m_creatingPage->setObjectName(QStringLiteral("creatingPage"));
    auto* creating = new QVBoxLayout(m_creatingPage);
    auto* creatingLabel = new QLabel(tr("Creating your link…"), m_creatingPage);
    creatingLabel->setAlignment(Qt::AlignCenter);
    auto* progress = new QProgressBar(m_creatingPage);
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    progress->setAccessibleName(tr("Creating your link"));
    creating->addStretch(1);
    creating->addWidget(creatingLabel);
    creating->addWidget(progress);
    creating->addStretch(1);

    m_readyPage->setObjectName(QStringLiteral("readyPage"));
    auto* ready = new QVBoxLayout(m_readyPage);
    ready->setContentsMargins(0, 0, 0, 0);
    ready->addWidget(wrappedLabel(tr("Let the person you want to add scan this code with Ferry, "
                                     "or send them the link."),
                                  m_readyPage));
    ready->addWidget(m_share, 1);
    auto* note = wrappedLabel(tr("This link works once: the first person who uses it becomes "
                                 "your contact. To add someone else, make a new invitation."),
                              m_readyPage);
    note->setObjectName(QStringLiteral("onceNote"));
    ready->addWidget(note);

    m_failedPage->setObjectName(QStringLiteral("failedPage"));
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    auto* failed = new QVBoxLayout(m_failedPage);
    failed->addStretch(1);
    failed->addWidget(wrappedLabel(tr("Your invitation could not be created."), m_failedPage));
    failed->addWidget(m_problem);
    failed->addWidget(m_retry, 0, Qt::AlignLeft);
    failed->addStretch(1);

    m_pages->addWidget(m_creatingPage);
    m_pages->addWidget(m_readyPage);
    m_pages->addWidget(m_failedPage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);

    connect(m_retry, &QPushButton::clicked, this, &InviteDialog::createInvitation);
}

QString InviteDialog::link() const {
    return m_state == State::Ready ? m_share->link() : QString();
}

QrCodeWidget* InviteDialog::qrCode() const {
    return m_share->qrCode();
}

QString InviteDialog::problem() const {
    return m_state == State::Failed ? m_problem->text() : QString();
}

void InviteDialog::createInvitation() {
    if (m_state == State::Creating)
        return;
    setState(State::Creating);
    m_adapter.createInvitation(
        this, [this](const QString& link) { onCreated(link); },
        [this](const core::Error& error) { onFailed(error); });
}

void InviteDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    if (m_state == State::Idle)
        createInvitation();
}

void InviteDialog::onCreated(const QString& link) {
    if (m_state != State::Creating)
        return;
    m_share->setLink(link);
    setState(State::Ready);
}

void InviteDialog::onFailed(const core::Error& error) {
    if (m_state != State::Creating)
        return;
    m_problem->setText(failureText(error));
    setState(State::Failed);
}

void InviteDialog::setState(State state) {
    m_state = state;
    switch (state) {
    case State::Idle:
    case State::Creating:
        showPage(*m_pages, m_creatingPage);
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
