import inputGuard from './input-guard';

export default { 'input-guard': inputGuard };
