/**
 * Name lists by origin for the application's personal details and the name-swap tests.
 * Common first names and surnames of each origin (public name statistics; A for the
 * selection). The rule engine must never let them influence a result.
 */
export type Origin = 'deutsch' | 'tuerkisch' | 'ukrainisch' | 'polnisch' | 'arabisch' | 'italienisch' | 'rumaenisch';

export interface NameList {
  female: readonly string[];
  male: readonly string[];
  surnames: readonly string[];
  /** ISO 3166-1 alpha-2 nationality typical for first-generation immigrants of this origin. */
  nationality: string;
  eu: boolean;
}

export const NAMES: Readonly<Record<Origin, NameList>> = {
  deutsch: {
    female: ['Anna', 'Maria', 'Ursula', 'Sabine', 'Monika', 'Petra', 'Julia', 'Laura', 'Katharina', 'Renate', 'Gisela', 'Lena'],
    male: ['Thomas', 'Michael', 'Andreas', 'Stefan', 'Peter', 'Klaus', 'Jürgen', 'Lukas', 'Jonas', 'Hans', 'Wolfgang', 'Felix'],
    surnames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'],
    nationality: 'DE',
    eu: true,
  },
  tuerkisch: {
    female: ['Ayşe', 'Fatma', 'Elif', 'Zeynep', 'Emine', 'Hatice'],
    male: ['Ahmet', 'Mehmet', 'Mustafa', 'Ali', 'Hüseyin', 'Emre'],
    surnames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk'],
    nationality: 'TR',
    eu: false,
  },
  ukrainisch: {
    female: ['Olena', 'Iryna', 'Oksana', 'Nataliia', 'Tetiana', 'Svitlana'],
    male: ['Oleksandr', 'Andrii', 'Serhii', 'Dmytro', 'Volodymyr', 'Mykola'],
    surnames: ['Kovalenko', 'Shevchenko', 'Bondarenko', 'Tkachenko', 'Melnyk', 'Kravchenko'],
    nationality: 'UA',
    eu: false,
  },
  polnisch: {
    female: ['Katarzyna', 'Agnieszka', 'Małgorzata', 'Joanna', 'Ewa'],
    male: ['Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Marek'],
    surnames: ['Nowak', 'Wójcik', 'Mazur', 'Krawczyk', 'Zając'],
    nationality: 'PL',
    eu: true,
  },
  arabisch: {
    female: ['Fatima', 'Amina', 'Layla', 'Nour', 'Rania'],
    male: ['Mohammed', 'Ahmad', 'Omar', 'Khaled', 'Yusuf'],
    surnames: ['Al-Hassan', 'Haddad', 'Khalil', 'Nasser', 'Darwish'],
    nationality: 'SY',
    eu: false,
  },
  italienisch: {
    female: ['Giulia', 'Francesca', 'Chiara', 'Giuseppina'],
    male: ['Marco', 'Giuseppe', 'Antonio', 'Luca'],
    surnames: ['Rossi', 'Russo', 'Ferrari', 'Esposito'],
    nationality: 'IT',
    eu: true,
  },
  rumaenisch: {
    female: ['Maria', 'Elena', 'Andreea', 'Ioana'],
    male: ['Ion', 'Andrei', 'Mihai', 'Gheorghe'],
    surnames: ['Popescu', 'Ionescu', 'Popa', 'Stan'],
    nationality: 'RO',
    eu: true,
  },
};

export const EU_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['polnisch', 40],
  ['rumaenisch', 35],
  ['italienisch', 25],
];
export const THIRD_COUNTRY_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['tuerkisch', 35],
  ['ukrainisch', 35],
  ['arabisch', 30],
];
/** Origins of Germans with Einwanderungsgeschichte (naturalised or second generation). A. */
export const GERMAN_MIGRATION_ORIGINS: readonly (readonly [Origin, number])[] = [
  ['tuerkisch', 40],
  ['polnisch', 30],
  ['italienisch', 15],
  ['arabisch', 15],
];
