"""Local taxes (impozite și taxe locale): the fiscal register, the yearly rules, debts, payments, the statement."""
