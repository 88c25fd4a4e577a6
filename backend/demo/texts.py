"""What the demo's people are called and write: names per locale, the problems they meet
at each stage (with the stages and locales that hurt most), their own words, and each
problem's title and report frame in their language."""

from __future__ import annotations

from campaigns.vocabulary import FindingKind, Severity

PEOPLE = {
    "en-GB": ("GB", ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Leo"]),
    "fr-FR": ("FR", ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Arthur"]),
    "de-DE": ("DE", ["Mia", "Felix", "Hannah", "Lukas", "Lena", "Jonas", "Emilia", "Paul"]),
}
# (title, kind, severity) per stage; some locales hurt more at some stages.
FRICTION: dict[str, list[tuple[str, FindingKind, Severity]]] = {
    "awareness": [
        ("Ad opens the home page, not the trainers shown", FindingKind.usability, Severity.major),
        ("Ad text cut off on small screens", FindingKind.content, Severity.minor),
    ],
    "consideration": [
        ("Compare button hidden under the cookie banner", FindingKind.usability, Severity.major),
        ("Model names differ between list and detail page", FindingKind.content, Severity.minor),
    ],
    "decision": [
        ("Size guide only in US sizes", FindingKind.localization, Severity.major),
        ("Size chart unreadable on a phone", FindingKind.accessibility, Severity.minor),
    ],
    "purchase": [
        ("Card payment fails after 3-D Secure", FindingKind.payment, Severity.critical),
        ("Delivery cost appears only at the last step", FindingKind.trust, Severity.major),
        ("Postcode field rejects spaces", FindingKind.bug, Severity.major),
    ],
    "post_purchase": [
        ("Return label must be printed; no QR code", FindingKind.usability, Severity.major),
        ("Refund e-mail arrives in English only", FindingKind.localization, Severity.minor),
        ("Tracking link shows a 404 page", FindingKind.bug, Severity.major),
    ],
    "loyalty": [
        ("Club sign-up asks for the birth date twice", FindingKind.usability, Severity.minor),
        ("Points balance not shown in the app", FindingKind.content, Severity.cosmetic),
    ],
}
HOTSPOTS = {("de-DE", "purchase"): 0.6, ("fr-FR", "post_purchase"): 0.55}
WORDS = {
    "en-GB": [
        "The return was easy once I found the label, but I would not buy again soon.",
        "Quick refund, I would shop here again.",
        "Having to print a label these days feels old-fashioned.",
    ],
    "fr-FR": [
        "Le retour était compliqué, il faut une imprimante.",
        "Remboursement rapide, je recommanderai.",
        "Je n'ai pas compris où déposer le colis.",
    ],
    "de-DE": [
        "Rücksendung war einfach, aber die Zahlung hat zweimal nicht geklappt.",
        "Schnelle Erstattung, gerne wieder.",
        "Das Etikett musste ich ausdrucken, das ist umständlich.",
    ],
}


# Testers write in their own language: each problem's title, and the frame of its report.
TITLES: dict[str, dict[str, str]] = {
    "Ad opens the home page, not the trainers shown": {
        "fr-FR": "La pub ouvre l'accueil, pas les baskets montrées",
        "de-DE": "Die Anzeige öffnet die Startseite statt der gezeigten Sneaker",
    },
    "Ad text cut off on small screens": {
        "fr-FR": "Texte de la pub coupé sur petit écran",
        "de-DE": "Anzeigentext auf kleinen Bildschirmen abgeschnitten",
    },
    "Compare button hidden under the cookie banner": {
        "fr-FR": "Bouton Comparer caché sous le bandeau cookies",
        "de-DE": "Vergleichen-Knopf unter dem Cookie-Banner versteckt",
    },
    "Model names differ between list and detail page": {
        "fr-FR": "Noms de modèles différents entre la liste et la fiche",
        "de-DE": "Modellnamen in Liste und Detailseite verschieden",
    },
    "Size guide only in US sizes": {
        "fr-FR": "Guide des tailles uniquement en tailles US",
        "de-DE": "Größentabelle nur in US-Größen",
    },
    "Size chart unreadable on a phone": {
        "fr-FR": "Tableau des tailles illisible sur téléphone",
        "de-DE": "Größentabelle auf dem Handy unlesbar",
    },
    "Card payment fails after 3-D Secure": {
        "fr-FR": "Le paiement par carte échoue après 3-D Secure",
        "de-DE": "Kartenzahlung scheitert nach 3-D Secure",
    },
    "Delivery cost appears only at the last step": {
        "fr-FR": "Frais de livraison affichés seulement à la dernière étape",
        "de-DE": "Versandkosten erst im letzten Schritt sichtbar",
    },
    "Postcode field rejects spaces": {
        "fr-FR": "Le champ code postal refuse les espaces",
        "de-DE": "Postleitzahlfeld lehnt Leerzeichen ab",
    },
    "Return label must be printed; no QR code": {
        "fr-FR": "Étiquette de retour à imprimer, pas de QR code",
        "de-DE": "Rücksendeetikett muss gedruckt werden, kein QR-Code",
    },
    "Refund e-mail arrives in English only": {
        "fr-FR": "L'e-mail de remboursement n'arrive qu'en anglais",
        "de-DE": "Erstattungs-E-Mail kommt nur auf Englisch",
    },
    "Tracking link shows a 404 page": {
        "fr-FR": "Le lien de suivi affiche une page 404",
        "de-DE": "Sendungsverfolgung zeigt eine 404-Seite",
    },
    "Club sign-up asks for the birth date twice": {
        "fr-FR": "L'inscription au club demande deux fois la date de naissance",
        "de-DE": "Club-Anmeldung fragt zweimal nach dem Geburtsdatum",
    },
    "Points balance not shown in the app": {
        "fr-FR": "Le solde de points n'apparaît pas dans l'appli",
        "de-DE": "Punktestand wird in der App nicht angezeigt",
    },
}
# (description, expected result) per locale; {step} is the step as the tester read it.
REPORT: dict[str, tuple[str, str]] = {
    "en-GB": (
        "At “{step}”: tried twice, same result both times.",
        "To carry on without having to look for a way round it.",
    ),
    "fr-FR": (
        "À l'étape « {step} » : essayé deux fois, même résultat.",
        "Pouvoir continuer sans chercher de solution de contournement.",
    ),
    "de-DE": (
        "Beim Schritt „{step}“: zweimal versucht, gleiches Ergebnis.",
        "Weitermachen können, ohne einen Umweg zu suchen.",
    ),
}
