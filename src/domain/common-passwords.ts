/**
 * A blocklist of passwords that attackers try first (NIST SP 800-63B §5.1.1.2 asks for one).
 * Hand-assembled from widely known weak choices and their long variants; checked after folding
 * case and punctuation, and with digits stripped from either end.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1q2w3e4r', '1qaz2wsx', 'abc123', 'abcdef', 'abcdefg', 'accord',
  'admin', 'admin123', 'adminadminadmin', 'administrator', 'administrator1', 'administrator123',
  'andrew', 'asdfgh', 'asdfghjkl', 'autumn', 'baseball', 'basketball',
  'batman', 'battery', 'changeme', 'changemechangeme', 'charlie', 'client',
  'clinic', 'computer', 'correct', 'correcthorsebatterystaple', 'counseling', 'counselling',
  'daniel', 'default', 'doctor', 'dragon', 'football', 'football1',
  'freedom', 'goodmorning', 'happybirthday', 'happybirthday1', 'harley', 'healing',
  'health', 'hello', 'hellothere', 'hockey', 'horse', 'hunter',
  'ilovemycat', 'ilovemydog', 'ilovemyfamily', 'ilovemykids', 'iloveyou', 'iloveyou1',
  'iloveyouforever', 'iloveyouiloveyou', 'internet', 'jennifer', 'jordan', 'joshua',
  'letmein', 'letmein123', 'letmeinletmein', 'letmeinplease', 'login', 'master',
  'matthew', 'maytheforcebewithyou', 'mentalhealth', 'michael', 'mindfulness', 'monkey',
  'monkey123', 'mypasswordisverysecure', 'mysecretpassword', 'neverforget', 'nevergiveup', 'opensesame',
  'opensesame123', 'openthedoor', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'password',
  'password1', 'password123', 'passwordispassword', 'passwordpassword', 'passwordpassword1', 'patient',
  'practice', 'princess', 'psychology', 'qazwsx', 'qwerty', 'qwerty123',
  'qwertyqwertyqwerty', 'qwertyuiop', 'ranger', 'robert', 'secret', 'shadow',
  'soccer', 'spring', 'staple', 'starwars', 'summer', 'sunshine',
  'superman', 'supersecretpassword', 'thequickbrownfox', 'thequickbrownfoxjumpsoverthelazydog', 'therapist', 'therapy',
  'thisisapassword', 'thisismypassword', 'thomas', 'trustno1', 'verysecurepassword', 'welcome',
  'welcome1', 'welcome123', 'welcometothejungle', 'welcomewelcome', 'wellness', 'whatever',
  'william', 'winter', 'zaq12wsx', 'zxcvbnm',
]);
