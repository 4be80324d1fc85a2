import { namesFromDisplayName } from './contact-by-email';

describe('names of a contact made from an email', () => {
  it.each([
    ['Mara Klein', 'mara.klein@acme.example', 'Mara', 'Klein'],
    ['Carlos Díaz Pérez', 'c@acme.example', 'Carlos Díaz', 'Pérez'],
    ['  "Zoë  Ångström"  ', 'z@globex.example', 'Zoë', 'Ångström'],
    ['Scanner', 'scanner@acme.example', 'Scanner', 'scanner'],
    [null, 'mara.klein@acme.example', 'Mara', 'Klein'],
    ['', 'j_doe-1987@acme.example', 'J', 'Doe 1987'],
    [null, 'info@acme.example', 'info', 'info'],
    ['田中 太郎', 'tanaka@yamato.example', '田中', '太郎'],
  ])('%j <%s> -> %s / %s', (name, email, firstName, lastName) => {
    expect(namesFromDisplayName(name, email)).toEqual({ firstName, lastName });
  });

  it('never gives a name longer than 100 characters or blank', () => {
    const names = namesFromDisplayName(`${'A'.repeat(300)} ${'B'.repeat(300)}`, 'x@acme.example');
    expect(names.firstName).toHaveLength(100);
    expect(names.lastName).toHaveLength(100);
  });
});
