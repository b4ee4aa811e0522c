/** The days an insights view covers: both ends inclusive, the watched server's local dates ('YYYY-MM-DD'). */
export interface InsightsDays {
  from: string;
  to: string;
}
