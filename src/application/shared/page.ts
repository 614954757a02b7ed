export interface Page {
  skip: number;
  limit: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}
