import type { Decision } from '../workflow.ts';

export interface DemoApplication {
  fin: string;
  officerFin: string;
  service: string;
  key: string;
  data: Record<string, unknown>;
  step?: Decision | 'claim';
  reason?: string;
}

const MLSPP_OFFICER = '5AGOF7M';
const SSAC_OFFICER = '6AGOF7S';

const assistance = (size: number, income: number) => ({
  householdSize: size,
  monthlyIncome: income,
  employment: 'unemployed',
  address: 'Bakı şəhəri, Nəsimi rayonu, Nizami küçəsi 10, mənzil 5',
  reason: 'Ailədə işləyən yoxdur',
});

export function demoApplications(): DemoApplication[] {
  return [
    {
      fin: '5ZK3M7A',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0002',
      key: 'demo-application-0001',
      data: assistance(4, 300),
    },
    {
      fin: '2RT8H4P',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0002',
      key: 'demo-application-0002',
      data: assistance(3, 250),
      step: 'claim',
    },
    {
      fin: '7LMQ2X9',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0002',
      key: 'demo-application-0003',
      data: assistance(5, 200),
      step: 'request_info',
      reason: 'Ailə üzvlərinin gəlirləri haqqında arayış əlavə edin',
    },
    {
      fin: '3ABX5KD',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0002',
      key: 'demo-application-0004',
      data: assistance(2, 150),
      step: 'approve',
      reason: 'Şərtlərə uyğundur: ünvanlı sosial yardım təyin edildi',
    },
    {
      fin: '9PQW7Z2',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0002',
      key: 'demo-application-0005',
      data: assistance(1, 900),
      step: 'reject',
      reason: 'Ailənin orta aylıq gəliri ehtiyac meyarından yüksəkdir',
    },
    {
      fin: '5ZK3M7A',
      officerFin: MLSPP_OFFICER,
      service: 'MLSPP-0001',
      key: 'demo-application-0006',
      data: {
        employerTin: '1400000011',
        position: 'Mühasib',
        startDate: '2026-09-01',
        salary: 900,
        contractType: 'indefinite',
      },
    },
    {
      fin: '9PQW7Z2',
      officerFin: SSAC_OFFICER,
      service: 'SSAC-0002',
      key: 'demo-application-0007',
      data: { examGroup: 'I', examLanguage: 'az', city: 'Bakı', triedBefore: 'no' },
    },
    {
      fin: '3ABX5KD',
      officerFin: SSAC_OFFICER,
      service: 'SSAC-0002',
      key: 'demo-application-0008',
      data: { examGroup: 'III', examLanguage: 'ru', city: 'Gəncə', triedBefore: 'yes', previousYear: 2024 },
      step: 'claim',
    },
  ];
}
