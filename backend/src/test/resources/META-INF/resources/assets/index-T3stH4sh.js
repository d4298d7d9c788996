// stands in for a hashed Vite chunk in backend tests
export const ready = true;
