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
# Where the demo serves Northwind's shop page, the demo campaign's ad link.
SHOP_PATH = "/demo-shop"
# Northwind's own words, for the demo shop page and the app screens testers photograph.
SHOP: dict[str, dict[str, str]] = {
    "en-GB": {
        "product": "Trail Runner 2",
        "tagline": "Grip for wet trails, light enough for the road.",
        "price": "£89.00",
        "size": "Size (UK)",
        "sizes": "5 6 7 8 9 10 11",
        "add": "Add to basket",
        "perks": "Free delivery over £50 · 30-day returns",
        "guide": "Size guide",
        "nav": "Running · Trail · Sale",
        "basket": "Basket",
        "sponsored": "Sponsored",
        "shop_now": "Shop now",
        "compare": "Compare",
        "cookies": "We use cookies to improve your visit.",
        "accept": "Accept",
        "card": "Card number",
        "postcode": "Postcode",
        "postcode_example": "SW1A 1AA",
        "pay": "Pay £89.00",
        "declined": "Payment failed. Please try again.",
        "order": "Order NW-20418",
        "label": "Print return label",
        "track": "Track parcel",
        "not_found": "404 · Page not found",
        "club": "Northwind Club",
        "birth": "Date of birth",
        "birth_again": "Confirm date of birth",
        "join": "Join the club",
        "points": "Points",
    },
    "fr-FR": {
        "product": "Trail Runner 2",
        "tagline": "De l'accroche sur sentier mouillé, assez légère pour la route.",
        "price": "89,00 €",
        "size": "Pointure (EU)",
        "sizes": "38 39 40 41 42 43 44",
        "add": "Ajouter au panier",
        "perks": "Livraison offerte dès 50 € · Retours sous 30 jours",
        "guide": "Guide des tailles",
        "nav": "Running · Trail · Soldes",
        "basket": "Panier",
        "sponsored": "Sponsorisé",
        "shop_now": "Acheter",
        "compare": "Comparer",
        "cookies": "Nous utilisons des cookies pour améliorer votre visite.",
        "accept": "Accepter",
        "card": "Numéro de carte",
        "postcode": "Code postal",
        "postcode_example": "75011",
        "pay": "Payer 89,00 €",
        "declined": "Paiement refusé. Veuillez réessayer.",
        "order": "Commande NW-20418",
        "label": "Imprimer l'étiquette de retour",
        "track": "Suivre le colis",
        "not_found": "404 · Page introuvable",
        "club": "Club Northwind",
        "birth": "Date de naissance",
        "birth_again": "Confirmer la date de naissance",
        "join": "Rejoindre le club",
        "points": "Points",
    },
    "de-DE": {
        "product": "Trail Runner 2",
        "tagline": "Griffig auf nassen Trails, leicht genug für die Straße.",
        "price": "89,00 €",
        "size": "Größe (EU)",
        "sizes": "38 39 40 41 42 43 44",
        "add": "In den Warenkorb",
        "perks": "Kostenloser Versand ab 50 € · 30 Tage Rückgabe",
        "guide": "Größentabelle",
        "nav": "Laufen · Trail · Sale",
        "basket": "Warenkorb",
        "sponsored": "Gesponsert",
        "shop_now": "Jetzt kaufen",
        "compare": "Vergleichen",
        "cookies": "Wir verwenden Cookies, um Ihren Besuch zu verbessern.",
        "accept": "Akzeptieren",
        "card": "Kartennummer",
        "postcode": "Postleitzahl",
        "postcode_example": "10115",
        "pay": "89,00 € bezahlen",
        "declined": "Zahlung fehlgeschlagen. Bitte erneut versuchen.",
        "order": "Bestellung NW-20418",
        "label": "Rücksendeetikett drucken",
        "track": "Sendung verfolgen",
        "not_found": "404 · Seite nicht gefunden",
        "club": "Northwind Club",
        "birth": "Geburtsdatum",
        "birth_again": "Geburtsdatum bestätigen",
        "join": "Dem Club beitreten",
        "points": "Punkte",
    },
}
