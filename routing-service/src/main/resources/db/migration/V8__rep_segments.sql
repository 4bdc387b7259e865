-- The segments a rep covers: company sizes (employee bands as rules name them) and industries, as JSON lists; empty
-- lists cover everything, so existing reps keep receiving what they did.
alter table rep add column employee_bands text not null default '[]';
alter table rep add column industries text not null default '[]';
