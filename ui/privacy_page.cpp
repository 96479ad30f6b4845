#include "ui/privacy_page.h"

#include "ui/engine_adapter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace ferry::ui {

using core::agent::PrivateRouting;
using core::agent::RoutingSettings;

PrivacyPage::PrivacyPage(EngineAdapter& adapter, QWidget* parent)
    : QWidget(parent), m_adapter(adapter) {
    auto* intro = new QLabel(
        tr("Private routing hides your IP address from your contacts' relays: your messages "
           "to them go through one of your own relays, which sees neither who receives them "
           "nor what they say."),
        this);
    intro->setWordWrap(true);

    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("privateRouting"));
    m_mode->addItem(tr("To relays you do not use (recommended)"),
                    static_cast<int>(PrivateRouting::UnknownRelays));
    m_mode->addItem(tr("Always"), static_cast<int>(PrivateRouting::Always));
    m_mode->addItem(tr("Never"), static_cast<int>(PrivateRouting::Never));

    m_allowDirect =
        new QCheckBox(tr("Send &directly when the route fails (the contact's relay then sees "
                         "your IP address)"),
                      this);
    m_allowDirect->setObjectName(QStringLiteral("allowDirect"));
    auto* directHint = new QLabel(tr("Otherwise such a message waits, says why, and is sent "
                                     "when the route works again or you retry it."),
                                  this);
    directHint->setWordWrap(true);
    directHint->setIndent(24);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("privacyProblem"));
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);
    QPalette palette = m_problem->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x2b, 0x2b));
    m_problem->setPalette(palette);

    auto* form = new QFormLayout;
    form->addRow(tr("Send &through your relays:"), m_mode);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_allowDirect);
    layout->addWidget(directHint);
    layout->addWidget(m_problem);
    layout->addStretch();

    setEnabled(false); // until the profile's settings are known
    connect(m_mode, &QComboBox::currentIndexChanged, this, &PrivacyPage::store);
    connect(m_allowDirect, &QCheckBox::toggled, this, &PrivacyPage::store);
    load();
}

void PrivacyPage::load() {
    m_adapter.loadRouting(
        this, [this](const RoutingSettings& settings) { display(settings); },
        [this](const core::Error& error) {
            showProblem(tr("The privacy settings could not be read: %1")
                            .arg(QString::fromStdString(error.message)));
        });
}

void PrivacyPage::display(const RoutingSettings& settings) {
    const QSignalBlocker blockMode(m_mode);
    const QSignalBlocker blockDirect(m_allowDirect);
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(settings.mode)));
    m_allowDirect->setChecked(settings.allowDirect);
    setEnabled(true);
}

void PrivacyPage::store() {
    RoutingSettings settings;
    settings.mode = static_cast<PrivateRouting>(m_mode->currentData().toInt());
    settings.allowDirect = m_allowDirect->isChecked();
    m_problem->setVisible(false);
    m_adapter.setRouting(settings, this, {}, [this](const core::Error& error) {
        showProblem(tr("The privacy settings could not be saved: %1")
                        .arg(QString::fromStdString(error.message)));
        load(); // show what is in effect
    });
}

void PrivacyPage::showProblem(const QString& text) {
    m_problem->setText(text);
    m_problem->setVisible(true);
}

} // namespace ferry::ui
