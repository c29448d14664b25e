# people who use ${SYSTEM}
clerk = person "Clerk"
