/** AI literacy (Art. 4 KI-VO): learning units for staff, each with a short quiz. */

export interface QuizOption {
  id: string;
  text: string;
}

export interface QuizQuestion {
  id: string;
  prompt: string;
  options: QuizOption[];
  /** Ids of all correct options; a question is answered correctly when exactly these are chosen. */
  correct: string[];
  /** Shown after answering: why the correct answer is correct. */
  explanation: string;
}

export interface LearningSection {
  heading: string;
  /** Markdown. */
  body: string;
}

export interface LearningUnit {
  id: string;
  /**
   * Content version (semver). A new major version means the content changed in substance:
   * completions of an older major version no longer count.
   */
  version: string;
  title: string;
  minutes: number;
  goals: string[];
  sections: LearningSection[];
  quiz: QuizQuestion[];
  /** Share of questions that must be answered correctly, in percent. */
  passPercent: number;
}

/** What a person needs literacy for; each purpose requires a set of units. */
export type LiteracyPurpose = 'approve-ai-drafts' | 'oversee-ai-system' | 'caseworker';
