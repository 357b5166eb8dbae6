/** Word lists for the synthetic corpus. Names are common in Germany; no real person is meant. */
export const GIVEN_NAMES = [
  'Anna', 'Anna-Lena', 'Jürgen', 'Jörg', 'Özlem', 'Günther', 'Björn', 'Käthe', 'Michael', 'Sabine', 'Thomas', 'Katharina',
  'Mehmet', 'Aleksandra', 'Lukas', 'Sophie', 'Hans-Peter', 'Marie', 'Stefan', 'Ursula', 'Fatma', 'Dmytro', 'Olena', 'Emre',
  'Lea', 'Jonas', 'Mia', 'Paul', 'Hannelore', 'Karl-Heinz', 'Zeynep', 'Piotr', 'Agnieszka', 'Rüdiger', 'Gül', 'Jan',
];
export const SURNAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hartmann', 'Lange', 'Krause', 'Lehmann', 'Köhler', 'König', 'Fuchs', 'Scholz', 'Möller', 'Weiß', 'Yılmaz', 'Kaya',
  'Nowak', 'Kowalski', 'Öztürk', 'Schmitz-Böhm', 'von Albrecht', 'Brandt', 'Hübner', 'Jäger',
];
export const STREET_STEMS = [
  'Haupt', 'Bahnhof', 'Schul', 'Garten', 'Dorf', 'Kirch', 'Wald', 'Linden', 'Birken', 'Goethe', 'Schiller', 'Mozart',
  'Friedrich-Ebert-', 'Rosen', 'Eichen', 'Mühlen', 'Lessing', 'Beethoven', 'Tulpen', 'Königsberger ', 'Am Sonnen',
];
export const STREET_SUFFIXES = ['straße', 'str.', 'weg', 'allee', 'platz', 'gasse', 'ring', 'strasse'];
export const PREPOSITION_STREETS = ['Am Markt', 'Im Winkel', 'An der Kirche', 'Zur Mühle', 'Auf dem Berg', 'In der Aue'];
export const CITIES = ['Musterstadt', 'Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Leipzig', 'Dresden', 'Essen', 'Bad Musterbrunn', 'Neustadt an der Weinstraße'];
export const MAIL_DOMAINS = ['web.de', 'gmx.de', 't-online.de', 'posteo.de', 'mailbox.org', 'gmail.com', 'example.org', 'freenet.de'];
export const AREA_CODES = ['030', '040', '089', '0221', '069', '0711', '0351', '0341', '03341', '04321', '06221', '0201'];
export const MOBILE_PREFIXES = ['0151', '0152', '0157', '0160', '0162', '0170', '0171', '0172', '0176', '0179'];
export const MONTH_NAMES = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
export const LAWS = ['WoGG', 'SGB I', 'SGB X', 'SGB II', 'BGB', 'VwVfG', 'KiTaG', 'DSGVO', 'WoGV'];
