import type { TaxCode } from './chart.js';

/** The tax accounts of one chart, which the tax code templates post to. */
export interface TaxAccounts {
  readonly output19: string;
  readonly output7: string;
  readonly input19: string;
  readonly input7: string;
  readonly acquisitionOutput19: string;
  readonly acquisitionOutput7: string;
  readonly acquisitionInput19: string;
  readonly acquisitionInput7: string;
  readonly reverseChargeOutput19: string;
  readonly reverseChargeOutput7: string;
  readonly reverseChargeInput19: string;
  readonly reverseChargeInput7: string;
}

type Kennzahlen = Pick<TaxCode, 'ustvaBaseKz' | 'ustvaOutputTaxKz' | 'ustvaInputTaxKz'>;

const kz = (base: string | null, outputTax: string | null, inputTax: string | null): Kennzahlen => ({
  ustvaBaseKz: base,
  ustvaOutputTaxKz: outputTax,
  ustvaInputTaxKz: inputTax,
});

function exempt(code: string, description: string, baseKz: string): TaxCode {
  return { code, description, kind: 'exempt', rate: '0.00', outputTaxAccount: null, inputTaxAccount: null, datevBuKey: null, ...kz(baseKz, null, null) };
}

/**
 * The tax codes of the German VAT return (UStVA 2025 form) for a chart's tax accounts. Exempt codes carry no
 * DATEV key because DATEV books them on automatic revenue accounts (e.g. SKR03 8125, SKR04 4125).
 */
export function taxCodeTemplates(accounts: TaxAccounts): TaxCode[] {
  return [
    {
      code: 'USt19',
      description: 'Umsatzsteuer 19 %',
      kind: 'output',
      rate: '19.00',
      outputTaxAccount: accounts.output19,
      inputTaxAccount: null,
      datevBuKey: '3',
      ...kz('81', null, null),
    },
    {
      code: 'USt7',
      description: 'Umsatzsteuer 7 %',
      kind: 'output',
      rate: '7.00',
      outputTaxAccount: accounts.output7,
      inputTaxAccount: null,
      datevBuKey: '2',
      ...kz('86', null, null),
    },
    {
      code: 'VSt19',
      description: 'Vorsteuer 19 %',
      kind: 'input',
      rate: '19.00',
      outputTaxAccount: null,
      inputTaxAccount: accounts.input19,
      datevBuKey: '9',
      ...kz(null, null, '66'),
    },
    {
      code: 'VSt7',
      description: 'Vorsteuer 7 %',
      kind: 'input',
      rate: '7.00',
      outputTaxAccount: null,
      inputTaxAccount: accounts.input7,
      datevBuKey: '8',
      ...kz(null, null, '66'),
    },
    {
      code: 'IGE19',
      description: 'Innergemeinschaftlicher Erwerb 19 % Vorsteuer und 19 % Umsatzsteuer',
      kind: 'intra_eu_acquisition',
      rate: '19.00',
      outputTaxAccount: accounts.acquisitionOutput19,
      inputTaxAccount: accounts.acquisitionInput19,
      datevBuKey: '19',
      ...kz('89', null, '61'),
    },
    {
      code: 'IGE7',
      description: 'Innergemeinschaftlicher Erwerb 7 % Vorsteuer und 7 % Umsatzsteuer',
      kind: 'intra_eu_acquisition',
      rate: '7.00',
      outputTaxAccount: accounts.acquisitionOutput7,
      inputTaxAccount: accounts.acquisitionInput7,
      datevBuKey: '18',
      ...kz('93', null, '61'),
    },
    {
      code: 'RC19',
      description: 'Steuerschuldnerschaft des Leistungsempfängers § 13b Abs. 2 UStG 19 % Vorsteuer und 19 % Umsatzsteuer',
      kind: 'reverse_charge',
      rate: '19.00',
      outputTaxAccount: accounts.reverseChargeOutput19,
      inputTaxAccount: accounts.reverseChargeInput19,
      datevBuKey: '94',
      ...kz('84', '85', '67'),
    },
    {
      code: 'RC7',
      description: 'Steuerschuldnerschaft des Leistungsempfängers § 13b Abs. 2 UStG 7 % Vorsteuer und 7 % Umsatzsteuer',
      kind: 'reverse_charge',
      rate: '7.00',
      outputTaxAccount: accounts.reverseChargeOutput7,
      inputTaxAccount: accounts.reverseChargeInput7,
      datevBuKey: '91',
      ...kz('84', '85', '67'),
    },
    {
      code: 'RCEU19',
      description: 'Sonstige Leistung eines im übrigen Gemeinschaftsgebiet ansässigen Unternehmers § 13b Abs. 1 UStG 19 % Vorsteuer und 19 % Umsatzsteuer',
      kind: 'reverse_charge',
      rate: '19.00',
      outputTaxAccount: accounts.reverseChargeOutput19,
      inputTaxAccount: accounts.reverseChargeInput19,
      datevBuKey: '46',
      ...kz('46', '47', '67'),
    },
    exempt('IGL', 'Steuerfreie innergemeinschaftliche Lieferung an Abnehmer mit USt-IdNr. § 4 Nr. 1b UStG', '41'),
    exempt('AUSFUHR', 'Steuerfreie Ausfuhrlieferung § 4 Nr. 1a UStG', '43'),
    exempt('FREI', 'Steuerfreie Umsätze ohne Vorsteuerabzug § 4 Nr. 8 ff. UStG', '48'),
    exempt('EUSL', 'Nicht steuerbare sonstige Leistung an Unternehmer im übrigen Gemeinschaftsgebiet § 18b Satz 1 Nr. 2 UStG', '21'),
    exempt('RCUMS', 'Umsatz, für den der Leistungsempfänger die Steuer nach § 13b Abs. 5 UStG schuldet', '60'),
    exempt('NSTB', 'Übriger nicht steuerbarer Umsatz (Leistungsort nicht im Inland)', '45'),
  ];
}
